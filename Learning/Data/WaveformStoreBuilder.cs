using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Grid.Learning.Audio;

namespace Grid.Learning.Data;

/// <summary>
/// Writes one new segment of a <see cref="WaveformStore"/> for the files it misses, decoding and resampling on
/// <see cref="WaveformStoreOptions.Workers"/> dedicated threads. Each clip's samples depend on that clip alone, so the
/// content is the same for any worker count (only the order of clips inside the data file may differ). The data
/// and index are written under temporary names and renamed into place, data first, so a segment is visible only
/// once complete. Called with the store's build lock held.
/// </summary>
internal sealed class WaveformStoreBuilder
{
    private readonly IReadOnlyList<SourceFile> _sources;
    private readonly IReadOnlyDictionary<string, StoredWaveform> _previous;
    private readonly WaveformStoreOptions _options;
    private readonly CancellationToken _cancellation;
    private readonly Lock _writing = new();
    private readonly List<WaveformEntry> _entries = [];
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private FileStream _data = null!;
    private long _writtenSamples;
    private int _next = -1;
    private volatile bool _stop;
    private Exception? _error;
    private TimeSpan _lastReport;

    private WaveformStoreBuilder(IReadOnlyList<SourceFile> sources, IReadOnlyDictionary<string, StoredWaveform> previous,
        WaveformStoreOptions options, CancellationToken cancellation)
    {
        _sources = sources;
        _previous = previous;
        _options = options;
        _cancellation = cancellation;
    }

    public int Decoded { get; private set; }
    public int Copied { get; private set; }

    /// <summary>
    /// Builds segment <paramref name="id"/> in <paramref name="directory"/> for <paramref name="sources"/>. On cancellation,
    /// or when a clip fails and <see cref="WaveformStoreOptions.SkipBad"/> is off, the clips done so far are still
    /// committed (so the work is not lost) before the builder stops; the caller reports the failure.
    /// Returns null when nothing was done.
    /// </summary>
    public static (WaveformSegment? Segment, WaveformStoreBuilder Builder) Build(string directory, int id, IReadOnlyList<SourceFile> sources,
        IReadOnlyDictionary<string, StoredWaveform> previous, WaveformStoreOptions options, CancellationToken cancellation)
    {
        var builder = new WaveformStoreBuilder(sources, previous, options, cancellation);
        return (builder.Run(directory, id), builder);
    }

    private WaveformSegment? Run(string directory, int id)
    {
        var suffix = $".{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        var dataTemporary = WaveformSegment.DataFile(directory, id) + suffix;
        var indexTemporary = WaveformSegment.IndexPath(directory, id) + suffix;
        try
        {
            using (_data = new FileStream(dataTemporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20))
            {
                var workers = Enumerable.Range(0, Math.Clamp(_options.Workers, 1, Math.Max(1, _sources.Count)))
                    .Select(i => new Thread(Work) { IsBackground = true, Name = $"waveform-store-{i}" }).ToArray();
                foreach (var worker in workers) worker.Start();
                foreach (var worker in workers) worker.Join();
                if (_error is not null) throw _error;
                _data.Flush(flushToDisk: true);
            }
            _options.Progress?.Invoke(new StoreProgress(_entries.Count, _sources.Count, _clock.Elapsed));
            if (_entries.Count == 0) return null;
            WaveformSegment.WriteIndex(indexTemporary, _options.SampleRate, _writtenSamples * sizeof(float), _entries);
            File.Move(dataTemporary, WaveformSegment.DataFile(directory, id));
            File.Move(indexTemporary, WaveformSegment.IndexPath(directory, id));
            return WaveformSegment.TryOpen(directory, id, _options.SampleRate)
                ?? throw new IOException($"{WaveformSegment.IndexPath(directory, id)}: the segment just written does not read back");
        }
        finally
        {
            File.Delete(dataTemporary);
            File.Delete(indexTemporary);
        }
    }

    private void Work()
    {
        try
        {
            while (!_stop && !_cancellation.IsCancellationRequested)
            {
                var index = Interlocked.Increment(ref _next);
                if (index >= _sources.Count) return;
                var (entry, samples, decoded) = Produce(_sources[index]);
                Append(entry, samples, decoded);
                if (entry.Failed && !_options.SkipBad) _stop = true;
            }
        }
        catch (Exception error)
        {
            lock (_writing) _error ??= error;
            _stop = true;
        }
    }

    /// <summary>The entry for one file (without its offset yet) and its samples: copied when its bytes match a previous entry, decoded otherwise.</summary>
    private (WaveformEntry Entry, float[]? Samples, bool Decoded) Produce(SourceFile source)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(source.Path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return (Failure(source, new byte[32], $"cannot be read ({e.Message})"), null, false);
        }
        var hash = SHA256.HashData(bytes);
        if (_previous.TryGetValue(source.Path, out var old) && !old.Entry.Failed && old.Entry.ContentHash.AsSpan().SequenceEqual(hash))
            return (Success(source, hash, old.Entry.Length), old.Read(), false);
        try
        {
            var samples = Decode(bytes, source.Path, _options.SampleRate);
            return samples.Length == 0 ? (Failure(source, hash, "holds no samples"), null, true) : (Success(source, hash, samples.Length), samples, true);
        }
        catch (AudioFormatException e)
        {
            return (Failure(source, hash, e.Reason), null, true);
        }
    }

    /// <summary>Exactly what <see cref="AudioDecoder.Read"/>, <see cref="Resampler.Default"/> and <see cref="AudioClip.MixToMono"/> give for the file.</summary>
    public static float[] Decode(byte[] bytes, string path, int sampleRate)
    {
        var clip = AudioDecoder.Decode(bytes, path);
        if (clip.ChannelCount > 1) clip = new AudioClip([clip.MixToMono()], clip.SampleRate);
        return Resampler.Default.Resample(clip, sampleRate).MixToMono();
    }

    private static WaveformEntry Success(SourceFile source, byte[] hash, int length) =>
        new(source.Path, source.Size, source.WriteTicks, hash, 0, length, "");

    private static WaveformEntry Failure(SourceFile source, byte[] hash, string reason) =>
        new(source.Path, source.Size, source.WriteTicks, hash, 0, -1, reason);

    private void Append(WaveformEntry entry, float[]? samples, bool decoded)
    {
        lock (_writing)
        {
            if (samples is not null)
            {
                _data.Write(MemoryMarshal.AsBytes(samples.AsSpan()));
                entry = entry with { Offset = _writtenSamples };
                _writtenSamples += samples.Length;
            }
            _entries.Add(entry);
            if (decoded) Decoded++;
            else if (samples is not null) Copied++;
            if (_clock.Elapsed - _lastReport >= WaveformStore.ProgressInterval && _options.Progress is { } progress)
            {
                _lastReport = _clock.Elapsed;
                progress(new StoreProgress(_entries.Count, _sources.Count, _lastReport));
            }
        }
    }
}
