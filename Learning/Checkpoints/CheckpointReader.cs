using System.IO.Compression;
using System.Text.Json;
using Grid.Learning.IO;
using Grid.Learning.Models;
using Grid.Learning.Training;
using static TorchSharp.torch;

namespace Grid.Learning.Checkpoints;

/// <summary>
/// Reads a checkpoint written by <see cref="CheckpointWriter"/>. A non-seekable stream is buffered in memory.
/// Errors name the checkpoint (<c>source</c>) and the entry.
/// </summary>
public sealed class CheckpointReader : IDisposable
{
    private readonly ZipArchive archive;

    /// <param name="stream">The checkpoint bytes.</param>
    /// <param name="source">Names the checkpoint in error messages (a path or blob name).</param>
    /// <param name="leaveOpen">Leave <paramref name="stream"/> open when the reader is disposed.</param>
    public CheckpointReader(Stream stream, string source = "checkpoint", bool leaveOpen = true)
    {
        ArgumentNullException.ThrowIfNull(stream);
        Source = source;
        try
        {
            archive = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen);
        }
        catch (InvalidDataException error)
        {
            throw new InvalidDataException($"{source}: not a checkpoint archive ({error.Message})", error);
        }
    }

    public string Source { get; }

    public IReadOnlyList<string> Names => archive.Entries.Select(e => e.FullName).ToList();

    public bool Contains(string name) => archive.GetEntry(name) is not null;

    /// <summary>An entry's cap: no state dict (a ResNet-50 of width 512 is about 6 GB in float32, more than any array) is larger.</summary>
    public const long MaxEntryBytes = int.MaxValue;

    /// <summary>The cap of a JSON entry (model.json, progress, metrics).</summary>
    public const long MaxJsonEntryBytes = 16 << 20;

    /// <summary>A readable stream over one entry, refused past <paramref name="limit"/> bytes whatever the entry declares; dispose it when done.</summary>
    public Stream OpenEntry(string name, long limit = MaxEntryBytes)
    {
        var entry = archive.GetEntry(name) ?? throw new KeyNotFoundException(
            $"{Source}: no entry '{name}' (entries: {string.Join(", ", Names)})");
        if (entry.Length > limit)
            throw new InvalidDataException($"{Source}: entry '{name}' declares {entry.Length:N0} bytes, more than its {limit:N0}-byte limit");
        return new BoundedReadStream(entry.Open(), limit, $"{Source}: entry '{name}'");
    }

    public byte[] GetBytes(string name)
    {
        using var entry = OpenEntry(name);
        using var buffer = new MemoryStream();
        entry.CopyTo(buffer);
        return buffer.ToArray();
    }

    public T GetJson<T>(string name)
    {
        using var entry = OpenEntry(name, MaxJsonEntryBytes);
        try
        {
            return JsonSerializer.Deserialize<T>(entry, CheckpointJson.Options)
                   ?? throw new InvalidDataException($"{Source}: entry '{name}' holds JSON null");
        }
        catch (JsonException error)
        {
            throw new InvalidDataException($"{Source}: entry '{name}' is not valid {typeof(T).Name} JSON ({error.Message})", error);
        }
    }

    /// <summary>The state dict stored under <paramref name="name"/>; the caller owns the tensors.</summary>
    public Dictionary<string, Tensor> GetStateDict(string name)
    {
        using var entry = OpenEntry(name);
        return StateDictCodec.Read(entry, $"{Source}: entry '{name}'");
    }

    /// <summary>Loads the state dict <paramref name="name"/> into <paramref name="module"/>; every key must match by name and shape.</summary>
    public void LoadStateDict(string name, nn.Module module)
    {
        using var scope = NewDisposeScope();
        var state = GetStateDict(name);
        StateDictLoad.Into(module, state, $"{Source}: entry '{name}'", strict: true);
    }

    /// <summary>The options in "model.json": unknown keys and settings out of range are refused before any encoder is built.</summary>
    public ModelOptions GetModelOptions()
    {
        using var entry = OpenEntry(CheckpointEntries.Model, MaxJsonEntryBytes);
        ModelOptions options;
        try
        {
            options = JsonSerializer.Deserialize<ModelOptions>(entry, CheckpointJson.Strict)
                      ?? throw new InvalidDataException($"{Source}: entry '{CheckpointEntries.Model}' holds JSON null");
        }
        catch (JsonException error)
        {
            throw new InvalidDataException($"{Source}: entry '{CheckpointEntries.Model}' is not valid ModelOptions JSON ({error.Message.Split(" Path:")[0]})", error);
        }
        if (options.Validate() is [var problem, ..])
            throw new InvalidDataException($"{Source}: entry '{CheckpointEntries.Model}': {problem}");
        return options;
    }

    /// <summary>A new encoder shaped by "model.json" with the weights in "encoder".</summary>
    public Encoder LoadEncoder()
    {
        var encoder = EncoderFactory.Create(GetModelOptions());
        try
        {
            LoadStateDict(CheckpointEntries.Encoder, encoder);
            return encoder;
        }
        catch
        {
            encoder.Dispose();
            throw;
        }
    }

    public void Dispose() => archive.Dispose();
}
