using System.Buffers.Binary;
using System.IO.Compression;

namespace Grid.Learning.Checkpoints;

/// <summary>The state-dict file formats the grid reads and writes.</summary>
public enum WeightsFormat
{
    /// <summary>PyTorch's zip format, as <c>torch.save(model.state_dict(), "x.pt")</c> writes it.</summary>
    PyTorch,
    /// <summary>Hugging Face safetensors.</summary>
    Safetensors,
    /// <summary>TorchSharp's own <c>Module.save</c> format.</summary>
    TorchSharp,
    /// <summary>A grid checkpoint archive; its "encoder" entry is the state dict.</summary>
    Checkpoint,
}

public static class WeightsFormats
{
    /// <summary>"pytorch", "safetensors", "torchsharp" (case-insensitive) as given on a command line.</summary>
    public static WeightsFormat Parse(string name, string field) => name.Trim().ToLowerInvariant() switch
    {
        "pytorch" or "pt" => WeightsFormat.PyTorch,
        "safetensors" => WeightsFormat.Safetensors,
        "torchsharp" => WeightsFormat.TorchSharp,
        _ => throw new ArgumentException($"{field}: unknown weights format '{name}'; expected pytorch, safetensors or torchsharp"),
    };

    /// <summary>
    /// Recognises a format from the file's first bytes: a zip is PyTorch's format unless it holds a
    /// checkpoint's "encoder" entry; safetensors starts with a little-endian header length and '{';
    /// anything else is taken for TorchSharp's format (which has no magic number).
    /// </summary>
    public static WeightsFormat Detect(Stream seekable)
    {
        var start = seekable.Position;
        Span<byte> head = stackalloc byte[9];
        var read = seekable.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        seekable.Position = start;
        if (read >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4)
            return IsCheckpointArchive(seekable) ? WeightsFormat.Checkpoint : WeightsFormat.PyTorch;
        if (read == 9 && head[8] == '{' && BinaryPrimitives.ReadUInt64LittleEndian(head) < (ulong)seekable.Length)
            return WeightsFormat.Safetensors;
        return WeightsFormat.TorchSharp;
    }

    private static bool IsCheckpointArchive(Stream seekable)
    {
        var start = seekable.Position;
        try
        {
            using var zip = new ZipArchive(seekable, ZipArchiveMode.Read, leaveOpen: true);
            return zip.GetEntry(CheckpointEntries.Encoder) is not null;
        }
        catch (InvalidDataException)
        {
            return false;
        }
        finally
        {
            seekable.Position = start;
        }
    }
}
