using System.IO.Compression;
using System.Text.Json;
using Grid.Learning.Models;
using static TorchSharp.torch;

namespace Grid.Learning.Checkpoints;

/// <summary>
/// Writes a checkpoint: a zip archive (stored, not compressed) of named entries holding JSON, state dicts
/// or raw bytes. Works on any writable stream, seekable or not (blob uploads included). Dispose to finish
/// the archive.
/// </summary>
public sealed class CheckpointWriter : IDisposable
{
    private readonly ZipArchive archive;
    private readonly HashSet<string> names = new(StringComparer.Ordinal);

    public CheckpointWriter(Stream stream, bool leaveOpen = true)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanWrite) throw new ArgumentException("checkpoint stream is not writable", nameof(stream));
        archive = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen);
    }

    /// <summary>Opens a new entry for writing; dispose the returned stream before opening the next one.</summary>
    public Stream OpenEntry(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (!names.Add(name)) throw new ArgumentException($"checkpoint entry '{name}' was already written", nameof(name));
        return archive.CreateEntry(name, CompressionLevel.NoCompression).Open();
    }

    public void PutBytes(string name, ReadOnlySpan<byte> bytes)
    {
        using var entry = OpenEntry(name);
        entry.Write(bytes);
    }

    public void PutJson<T>(string name, T value)
    {
        using var entry = OpenEntry(name);
        JsonSerializer.Serialize(entry, value, CheckpointJson.Options);
    }

    public void PutStateDict(string name, IReadOnlyDictionary<string, Tensor> state)
    {
        using var entry = OpenEntry(name);
        StateDictCodec.Write(entry, state);
    }

    public void PutStateDict(string name, nn.Module module) => PutStateDict(name, module.state_dict());

    /// <summary>The shared convention: the encoder's state dict as "encoder" and its options as "model.json".</summary>
    public void PutEncoder(Encoder encoder)
    {
        PutJson(CheckpointEntries.Model, encoder.Options);
        PutStateDict(CheckpointEntries.Encoder, encoder);
    }

    public void Dispose() => archive.Dispose();
}
