using System.Security.Cryptography;
using System.Text;
using Grid.Learning.Audio;

namespace Grid.Learning.Data;

/// <summary>
/// Decoded, resampled mono waveforms of one dataset at one sample rate, on disk under a cache folder and shared by
/// every job and process on the machine: <c>CACHE/&lt;dataset folder name&gt;-&lt;rate&gt;hz-&lt;hash of root&gt;/</c>
/// holds immutable <see cref="WaveformSegment"/>s (data memory-mapped for reading, index in memory). A file is
/// current while its size and last-write time match its newest entry; otherwise (or when absent) it is rebuilt,
/// under the store's lock file (<c>build.lock</c>, opened with <see cref="FileShare.None"/>) so that a second
/// builder waits and then reuses what the first wrote. A segment that is truncated or corrupt is ignored and
/// deleted by the next builder, and its files are decoded again. Reading a clip copies its samples into a new array;
/// nothing else of the corpus stays in managed memory. Reference-counted: <see cref="Share"/> adds a holder, each
/// <see cref="Dispose"/> releases one, the last one unmaps the data (and deletes a temporary store's folder).
/// </summary>
public sealed class WaveformStore : IDisposable
{
    /// <summary>Bumped whenever decoding or resampling changes what an entry holds; part of the store's folder name.</summary>
    public const string FormatVersion = "grid-waveform-store-1";
    /// <summary>How often a build reports its progress, at most.</summary>
    public static readonly TimeSpan ProgressInterval = TimeSpan.FromSeconds(2);
    private const string LockFile = "build.lock";

    private readonly IReadOnlyList<WaveformSegment> _segments;
    private readonly Dictionary<string, StoredWaveform> _current;
    private readonly string? _temporaryRoot;
    private readonly Lock _holding = new();
    private int _holders = 1;

    private WaveformStore(string directory, int sampleRate, IReadOnlyList<WaveformSegment> segments, string? temporaryRoot, int decoded, int copied)
    {
        Directory = directory;
        SampleRate = sampleRate;
        _segments = segments;
        _current = Current(segments);
        _temporaryRoot = temporaryRoot;
        Decoded = decoded;
        Copied = copied;
    }

    public string Directory { get; }
    public int SampleRate { get; }
    /// <summary>Clips this open decoded (0 when the store already held every file).</summary>
    public int Decoded { get; }
    /// <summary>Clips this open copied from an older entry because the file's bytes had not changed (only its write time).</summary>
    public int Copied { get; }

    /// <summary>The store folder for a dataset root and rate under a cache folder.</summary>
    public static string DirectoryFor(string cacheDirectory, string datasetRoot, int sampleRate)
    {
        var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(datasetRoot));
        var key = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{FormatVersion}|{root}|{sampleRate}")))[..16];
        var name = new string(Path.GetFileName(root).Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_').ToArray());
        return Path.Combine(Path.GetFullPath(cacheDirectory), $"{(name.Length == 0 ? "root" : name)}-{sampleRate}hz-{key}");
    }

    /// <summary>
    /// Opens the store for <paramref name="options"/>' dataset and rate, first building what it misses of
    /// <paramref name="paths"/>. Unless <see cref="WaveformStoreOptions.SkipBad"/>, a file that fails to decode
    /// (now or in an earlier build) throws its <see cref="AudioFormatException"/> naming the file.
    /// </summary>
    public static WaveformStore Open(IEnumerable<string> paths, WaveformStoreOptions options, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.SampleRate, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Workers, 1);
        var temporaryRoot = options.CacheDirectory is null ? System.IO.Directory.CreateTempSubdirectory("grid-waveforms-").FullName : null;
        try
        {
            var directory = DirectoryFor(options.CacheDirectory ?? temporaryRoot!, options.DatasetRoot, options.SampleRate);
            System.IO.Directory.CreateDirectory(directory);
            var sources = paths.Select(Path.GetFullPath).Distinct().Select(SourceFile.Stat).ToArray();
            var segments = LoadSegments(directory, options.SampleRate);
            int decoded = 0, copied = 0;
            if (Misses(sources, segments).Count > 0)
            {
                using var held = AcquireLock(directory, cancellationToken);
                Dispose(segments);
                segments = LoadSegments(directory, options.SampleRate);
                // Ids only grow, so a rebuilt segment never takes the name of one another process may still have open.
                var nextId = System.IO.Directory.EnumerateFiles(directory).Select(WaveformSegment.IdOf).Max() is { } last ? last + 1 : 1;
                RemoveDebris(directory, segments);
                var misses = Misses(sources, segments);
                if (misses.Count > 0)
                {
                    var (segment, builder) = WaveformStoreBuilder.Build(directory, nextId,
                        misses, Current(segments), options, cancellationToken);
                    if (segment is not null) segments = [.. segments, segment];
                    (decoded, copied) = (builder.Decoded, builder.Copied);
                }
            }
            var store = new WaveformStore(directory, options.SampleRate, segments, temporaryRoot, decoded, copied);
            try
            {
                cancellationToken.ThrowIfCancellationRequested();
                store.ThrowIfIncomplete(sources, options.SkipBad);
                return store;
            }
            catch
            {
                store.Dispose();
                throw;
            }
        }
        catch when (temporaryRoot is not null && System.IO.Directory.Exists(temporaryRoot))
        {
            System.IO.Directory.Delete(temporaryRoot, recursive: true);
            throw;
        }
    }

    /// <summary>The newest entry for the file, which must have been among the paths the store was opened with.</summary>
    public StoredWaveform Entry(string path) =>
        _current.TryGetValue(Path.GetFullPath(path), out var stored) ? stored
            : throw new KeyNotFoundException($"{path} is not in the waveform store {Directory}");

    /// <summary>A new array with the file's mono samples at <see cref="SampleRate"/>.</summary>
    public float[] Read(string path) => Entry(path).Read();

    /// <summary>Adds a holder: the store stays open until this one is disposed too.</summary>
    public WaveformStore Share()
    {
        lock (_holding)
        {
            ObjectDisposedException.ThrowIf(_holders == 0, this);
            _holders++;
            return this;
        }
    }

    public void Dispose()
    {
        lock (_holding)
        {
            if (_holders == 0 || --_holders > 0) return;
        }
        Dispose(_segments);
        if (_temporaryRoot is not null && System.IO.Directory.Exists(_temporaryRoot)) System.IO.Directory.Delete(_temporaryRoot, recursive: true);
    }

    /// <summary>A failed file (unless skipBad), then a file the build did not reach (it stopped at a failure), throws.</summary>
    private void ThrowIfIncomplete(IReadOnlyList<SourceFile> sources, bool skipBad)
    {
        if (!skipBad)
            foreach (var source in sources)
                if (_current.TryGetValue(source.Path, out var stored) && stored.Entry.Failed)
                    throw new AudioFormatException(source.Path, stored.Entry.Failure);
        foreach (var source in sources)
            if (!_current.ContainsKey(source.Path))
                throw new InvalidOperationException($"{source.Path}: the waveform store {Directory} was not completed");
    }

    private static List<SourceFile> Misses(IEnumerable<SourceFile> sources, IReadOnlyList<WaveformSegment> segments)
    {
        var current = Current(segments);
        return sources.Where(s => !current.TryGetValue(s.Path, out var stored) || !stored.Entry.Matches(s)).ToList();
    }

    /// <summary>Every path's entry from the newest segment that has one.</summary>
    private static Dictionary<string, StoredWaveform> Current(IReadOnlyList<WaveformSegment> segments)
    {
        var current = new Dictionary<string, StoredWaveform>(StringComparer.Ordinal);
        foreach (var segment in segments)   // ascending ids: newer entries overwrite older ones
            foreach (var entry in segment.Entries)
                current[entry.Path] = new StoredWaveform(segment, entry);
        return current;
    }

    /// <summary>The valid segments, oldest first.</summary>
    private static List<WaveformSegment> LoadSegments(string directory, int sampleRate) =>
        System.IO.Directory.EnumerateFiles(directory, "seg-*.idx")
            .Select(WaveformSegment.IdOf).OfType<int>().Order()
            .Select(id => WaveformSegment.TryOpen(directory, id, sampleRate)).OfType<WaveformSegment>().ToList();

    /// <summary>With the lock held: deletes invalid segments, data files without an index and temporaries of crashed builders.</summary>
    private static void RemoveDebris(string directory, IReadOnlyList<WaveformSegment> valid)
    {
        var keep = valid.Select(s => s.Id).ToHashSet();
        foreach (var file in System.IO.Directory.EnumerateFiles(directory).ToArray())
        {
            var name = Path.GetFileName(file);
            var isDebris = name.EndsWith(".tmp", StringComparison.Ordinal)
                || (WaveformSegment.IdOf(file) is { } id && !keep.Contains(id));
            if (isDebris) File.Delete(file);
        }
    }

    private static FileStream AcquireLock(string directory, CancellationToken cancellationToken)
    {
        var path = Path.Combine(directory, LockFile);
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (File.Exists(path))
            {
                // Another builder (thread or process) holds it. A file lock signals nothing when it is released, so
                // poll, waking at once on cancellation.
                cancellationToken.WaitHandle.WaitOne(100);
            }
        }
    }

    private static void Dispose(IEnumerable<WaveformSegment> segments)
    {
        foreach (var segment in segments) segment.Dispose();
    }
}
