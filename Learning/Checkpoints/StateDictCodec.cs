using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace Grid.Learning.Checkpoints;

/// <summary>
/// Serialises a named state dict as safetensors: names travel with the tensors, any dtype TorchSharp
/// uses round-trips, and Python's safetensors package reads the bytes as they are.
/// </summary>
public static class StateDictCodec
{
    public static void Write(Stream stream, IReadOnlyDictionary<string, Tensor> state)
    {
        using var scope = NewDisposeScope();
        var onCpu = state.ToDictionary(kv => kv.Key, kv => kv.Value.detach().cpu().contiguous());
        Safetensors.SaveStateDict(stream, onCpu, leaveOpen: true);
    }

    /// <summary>Reads a state dict written by <see cref="Write"/>; <paramref name="source"/> names it in errors.</summary>
    public static Dictionary<string, Tensor> Read(Stream stream, string source)
    {
        var seekable = stream.CanSeek ? stream : Buffer(stream);
        try
        {
            SafetensorsLimits.Check(seekable, source);
            return Load(seekable, source);
        }
        finally
        {
            if (!ReferenceEquals(seekable, stream)) seekable.Dispose();
        }
    }

    private static Dictionary<string, Tensor> Load(Stream seekable, string source)
    {
        try
        {
            return Safetensors.LoadStateDict(seekable, leaveOpen: true);
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            throw new InvalidDataException($"{source}: not a readable safetensors state dict ({error.Message})", error);
        }
    }

    private static MemoryStream Buffer(Stream stream)
    {
        var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        buffer.Position = 0;
        return buffer;
    }
}
