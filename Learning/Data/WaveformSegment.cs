using System.IO.MemoryMappedFiles;
using System.Security.Cryptography;
using System.Text;

namespace Grid.Learning.Data;

/// <summary>
/// One immutable part of a <see cref="WaveformStore"/>: <c>seg-NNNNNN.f32</c> (float32 mono samples, little-endian,
/// clip after clip) and <c>seg-NNNNNN.idx</c> (magic <c>GWS1</c>, format version, sample rate, data length in bytes,
/// the entries, then the SHA-256 of everything before it). A segment whose index fails its checksum or whose data
/// file has another length than the index records is not valid and is never read. The data file is mapped into
/// memory on first read, so a job's resident memory holds the index only.
/// </summary>
public sealed class WaveformSegment : IDisposable
{
    public const int FormatVersion = 1;
    /// <summary>An entry's bytes in the index when both its strings are empty: an index of n bytes holds at most n / this entries.</summary>
    private const int MinEntryBytes = 1 + 8 + 8 + 32 + 8 + 4 + 1;
    private static readonly byte[] Magic = "GWS1"u8.ToArray();
    private readonly Lock _mapping = new();
    private MemoryMappedFile? _file;
    private MemoryMappedViewAccessor? _view;
    private bool _disposed;

    private WaveformSegment(int id, string dataPath, long dataBytes, IReadOnlyList<WaveformEntry> entries)
    {
        Id = id;
        DataPath = dataPath;
        DataBytes = dataBytes;
        Entries = entries;
    }

    /// <summary>Segments with higher ids are newer; their entries replace older ones for the same path.</summary>
    public int Id { get; }
    public string DataPath { get; }
    public long DataBytes { get; }
    public IReadOnlyList<WaveformEntry> Entries { get; }

    public static string IndexPath(string directory, int id) => Path.Combine(directory, $"seg-{id:D6}.idx");
    public static string DataFile(string directory, int id) => Path.Combine(directory, $"seg-{id:D6}.f32");

    /// <summary>The segment's id from an index or data file name (seg-NNNNNN.*), or null for any other file.</summary>
    public static int? IdOf(string path)
    {
        var name = Path.GetFileNameWithoutExtension(path);
        return name.StartsWith("seg-", StringComparison.Ordinal) && int.TryParse(name.AsSpan(4), out var id) ? id : null;
    }

    /// <summary>The segment, or null when its index is unreadable, corrupt, for another rate, or its data file is missing or of another length.</summary>
    public static WaveformSegment? TryOpen(string directory, int id, int sampleRate)
    {
        try
        {
            var bytes = File.ReadAllBytes(IndexPath(directory, id));
            const int hashBytes = 32;
            if (bytes.Length < Magic.Length + hashBytes || !bytes.AsSpan(0, Magic.Length).SequenceEqual(Magic)) return null;
            var body = bytes.AsSpan(0, bytes.Length - hashBytes);
            if (!SHA256.HashData(body).AsSpan().SequenceEqual(bytes.AsSpan(bytes.Length - hashBytes))) return null;
            using var reader = new BinaryReader(new MemoryStream(bytes, Magic.Length, body.Length - Magic.Length), Encoding.UTF8);
            if (reader.ReadInt32() != FormatVersion || reader.ReadInt32() != sampleRate) return null;
            var dataBytes = reader.ReadInt64();
            var count = reader.ReadInt32();
            if (count < 0 || count > (reader.BaseStream.Length - reader.BaseStream.Position) / MinEntryBytes) return null;
            var entries = new WaveformEntry[count];
            for (var i = 0; i < entries.Length; i++)
                entries[i] = new WaveformEntry(reader.ReadString(), reader.ReadInt64(), reader.ReadInt64(), reader.ReadBytes(hashBytes),
                    reader.ReadInt64(), reader.ReadInt32(), reader.ReadString());
            var data = new FileInfo(DataFile(directory, id));
            if (!data.Exists || data.Length != dataBytes) return null;
            if (entries.Any(e => !e.Failed && (e.Offset < 0 || e.Offset > dataBytes / sizeof(float) - e.Length))) return null;
            return new WaveformSegment(id, data.FullName, dataBytes, entries);
        }
        catch (Exception e) when (e is IOException or EndOfStreamException or UnauthorizedAccessException or FormatException)
        {
            return null;
        }
    }

    /// <summary>Writes the index of a segment whose data file holds <paramref name="dataBytes"/> bytes, checksum last.</summary>
    public static void WriteIndex(string path, int sampleRate, long dataBytes, IReadOnlyList<WaveformEntry> entries)
    {
        var body = new MemoryStream();
        using (var writer = new BinaryWriter(body, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Magic);
            writer.Write(FormatVersion);
            writer.Write(sampleRate);
            writer.Write(dataBytes);
            writer.Write(entries.Count);
            foreach (var e in entries)
            {
                writer.Write(e.Path);
                writer.Write(e.Size);
                writer.Write(e.WriteTicks);
                writer.Write(e.ContentHash);
                writer.Write(e.Offset);
                writer.Write(e.Length);
                writer.Write(e.Failure);
            }
        }
        using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
        file.Write(body.GetBuffer().AsSpan(0, (int)body.Length));
        file.Write(SHA256.HashData(body.GetBuffer().AsSpan(0, (int)body.Length)));
        file.Flush(flushToDisk: true);
    }

    /// <summary>A new array with the entry's samples, read from the mapped data file.</summary>
    public float[] Read(WaveformEntry entry)
    {
        if (entry.Failed) throw new InvalidOperationException($"{entry.Path} failed to decode: {entry.Failure}");
        var samples = new float[entry.Length];
        if (samples.Length > 0) View().ReadArray(entry.Offset * sizeof(float), samples, 0, samples.Length);
        return samples;
    }

    private MemoryMappedViewAccessor View()
    {
        lock (_mapping)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_view is null)
            {
                _file = MemoryMappedFile.CreateFromFile(
                    new FileStream(DataPath, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete),
                    mapName: null, capacity: 0, MemoryMappedFileAccess.Read, HandleInheritability.None, leaveOpen: false);
                _view = _file.CreateViewAccessor(0, 0, MemoryMappedFileAccess.Read);
            }
            return _view;
        }
    }

    public void Dispose()
    {
        lock (_mapping)
        {
            _disposed = true;
            _view?.Dispose();
            _file?.Dispose();
            _view = null;
            _file = null;
        }
    }
}
