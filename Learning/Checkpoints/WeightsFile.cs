using System.Collections;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace Grid.Learning.Checkpoints;

/// <summary>
/// Reads and writes state dicts as files: PyTorch .pt (zip) through TorchSharp.PyBridge, safetensors,
/// TorchSharp's own format, and (read only) the "encoder" entry of a grid checkpoint.
/// </summary>
public static class WeightsFile
{
    /// <summary>
    /// The tensors in <paramref name="path"/>, whatever its format. Nested dictionaries of a PyTorch
    /// checkpoint (e.g. {"state_dict": {...}, "epoch": 200}) are flattened with dotted names; non-tensor
    /// values are dropped. The caller owns the tensors.
    /// </summary>
    public static Dictionary<string, Tensor> Read(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"weights file not found: {path}", path);
        using var stream = File.OpenRead(path);
        return Read(stream, path);
    }

    /// <summary>Reads from a seekable stream; <paramref name="source"/> names it in errors.</summary>
    public static Dictionary<string, Tensor> Read(Stream seekable, string source)
    {
        var format = WeightsFormats.Detect(seekable);
        if (format == WeightsFormat.PyTorch) PyTorchArchiveLimits.Check(seekable, source);
        if (format == WeightsFormat.Safetensors) SafetensorsLimits.Check(seekable, source);
        try
        {
            return format switch
            {
                WeightsFormat.Safetensors => Safetensors.LoadStateDict(seekable, leaveOpen: true),
                WeightsFormat.PyTorch => Flatten(PyTorchUnpickler.UnpickleStateDict(seekable, leaveOpen: true)),
                WeightsFormat.Checkpoint => ReadCheckpointEncoder(seekable, source),
                _ => TorchSharpStateDict.Read(seekable, source),
            };
        }
        catch (Exception error) when (error is not InvalidDataException and not OutOfMemoryException)
        {
            throw new InvalidDataException($"{source}: cannot read it as {format} weights ({error.Message})", error);
        }
    }

    /// <summary>
    /// Writes <paramref name="state"/> to <paramref name="path"/> in <paramref name="format"/>; the file
    /// appears only once complete, so a failed write leaves no truncated weights behind.
    /// </summary>
    public static void Write(string path, IReadOnlyDictionary<string, Tensor> state, WeightsFormat format)
    {
        var partial = path + ".partial";
        try
        {
            using (var stream = File.Create(partial)) Write(stream, state, format);
            File.Move(partial, path, overwrite: true);
        }
        finally
        {
            File.Delete(partial);
        }
    }

    public static void Write(Stream stream, IReadOnlyDictionary<string, Tensor> state, WeightsFormat format)
    {
        using var scope = NewDisposeScope();
        // PyTorch's loader rebuilds tensors from contiguous CPU storages.
        var onCpu = state.ToDictionary(kv => kv.Key, kv => kv.Value.detach().cpu().contiguous());
        switch (format)
        {
            case WeightsFormat.PyTorch:
                PyTorchPickler.PickleStateDict(stream, onCpu, leaveOpen: true);
                break;
            case WeightsFormat.Safetensors:
                Safetensors.SaveStateDict(stream, onCpu, leaveOpen: true);
                break;
            case WeightsFormat.TorchSharp:
                TorchSharpStateDict.Write(stream, onCpu);
                break;
            default:
                throw new ArgumentException($"cannot write weights as {format}; write a checkpoint with CheckpointWriter", nameof(format));
        }
    }

    private static Dictionary<string, Tensor> ReadCheckpointEncoder(Stream seekable, string source)
    {
        using var reader = new CheckpointReader(seekable, source);
        return reader.GetStateDict(CheckpointEntries.Encoder);
    }

    private static Dictionary<string, Tensor> Flatten(IDictionary unpickled)
    {
        var state = new Dictionary<string, Tensor>();
        AddTensors(unpickled, "", state);
        return state;
    }

    private static void AddTensors(IDictionary dictionary, string prefix, Dictionary<string, Tensor> state)
    {
        foreach (DictionaryEntry entry in dictionary)
        {
            var name = prefix + Convert.ToString(entry.Key, System.Globalization.CultureInfo.InvariantCulture);
            switch (entry.Value)
            {
                case Tensor tensor: state[name] = tensor; break;
                case IDictionary nested: AddTensors(nested, name + ".", state); break;
            }
        }
    }
}
