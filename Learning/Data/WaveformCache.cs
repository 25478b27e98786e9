using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using Grid.Learning.Audio;

namespace Grid.Learning.Data;

/// <summary>
/// Decoded, resampled waveforms cached on disk, so a later epoch or fold never decodes the file again.
/// The key is the SHA-256 of the file's bytes plus the decoding parameters (target rate, mono or kept channels,
/// and <see cref="FormatVersion"/>); changing either misses. Entries are written to a unique temporary file and
/// renamed into place, so concurrent readers and writers in several processes never see a partial entry.
/// </summary>
public sealed class WaveformCache
{
    /// <summary>Bumped whenever decoding or resampling changes what an entry would hold.</summary>
    public const string FormatVersion = "grid-waveform-1";
    private static readonly byte[] Magic = "GWC1"u8.ToArray();

    private readonly string _directory;
    private readonly Func<string, bool, AudioClip> _decode;
    private readonly Resampler _resampler;
    private readonly ConcurrentDictionary<(string Path, long Length, long Ticks), string> _contentHashes = new();
    private long _hits, _misses;

    /// <param name="directory">Where entries live; created when missing. Safe to share between processes.</param>
    /// <param name="decode">Reads a file (path, keepChannels); <see cref="AudioDecoder.Read"/> by default.</param>
    /// <param name="resampler">Resamples to the target rate; <see cref="Resampler.Default"/> by default.</param>
    public WaveformCache(string directory, Func<string, bool, AudioClip>? decode = null, Resampler? resampler = null)
    {
        _directory = directory;
        _decode = decode ?? AudioDecoder.Read;
        _resampler = resampler ?? Resampler.Default;
        Directory.CreateDirectory(directory);
    }

    public long Hits => Interlocked.Read(ref _hits);
    public long Misses => Interlocked.Read(ref _misses);

    /// <summary>The file decoded (mixed to mono unless <paramref name="keepChannels"/>) and resampled to <paramref name="sampleRate"/>.</summary>
    public AudioClip Load(string path, int sampleRate, bool keepChannels = false)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sampleRate, 1);
        var entry = EntryPath(path, sampleRate, keepChannels);
        if (TryRead(entry) is { } cached)
        {
            Interlocked.Increment(ref _hits);
            return cached;
        }
        Interlocked.Increment(ref _misses);
        var clip = _resampler.Resample(_decode(path, keepChannels), sampleRate);
        Write(entry, clip);
        return clip;
    }

    /// <summary>The entry file for these bytes and parameters: &lt;dir&gt;/&lt;2 hex&gt;/&lt;64 hex&gt;.f32.</summary>
    public string EntryPath(string path, int sampleRate, bool keepChannels)
    {
        var parameters = string.Create(CultureInfo.InvariantCulture, $"{FormatVersion}|{ContentHash(path)}|{sampleRate}|{(keepChannels ? "channels" : "mono")}");
        var key = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(parameters)));
        return Path.Combine(_directory, key[..2], key + ".f32");
    }

    /// <summary>SHA-256 of the file's bytes, remembered in this process while its length and write time stay the same.</summary>
    private string ContentHash(string path)
    {
        var info = new FileInfo(path);
        if (!info.Exists) throw new AudioFormatException(path, "file not found");
        return _contentHashes.GetOrAdd((info.FullName, info.Length, info.LastWriteTimeUtc.Ticks), _ =>
        {
            using var stream = File.OpenRead(path);
            return Convert.ToHexStringLower(SHA256.HashData(stream));
        });
    }

    /// <summary>The entry, or null when absent or unreadable (a damaged entry is simply rebuilt).</summary>
    private static AudioClip? TryRead(string entry)
    {
        byte[] bytes;
        try { bytes = File.ReadAllBytes(entry); }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException) { return null; }
        const int headerBytes = 16;
        if (bytes.Length < headerBytes || !bytes.AsSpan(0, 4).SequenceEqual(Magic)) return null;
        var header = MemoryMarshal.Cast<byte, int>(bytes.AsSpan(4, 12));
        int rate = header[0], channels = header[1], frames = header[2];
        if (rate < 1 || channels < 1 || frames < 0 || bytes.Length != headerBytes + 4L * channels * frames) return null;
        var samples = MemoryMarshal.Cast<byte, float>(bytes.AsSpan(headerBytes));
        var data = new float[channels][];
        for (var c = 0; c < channels; c++) data[c] = samples.Slice(c * frames, frames).ToArray();
        return new AudioClip(data, rate);
    }

    private static void Write(string entry, AudioClip clip)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(entry)!);
        var temporary = $"{entry}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write))
            {
                stream.Write(Magic);
                stream.Write(MemoryMarshal.AsBytes<int>([clip.SampleRate, clip.ChannelCount, clip.FrameCount]));
                foreach (var channel in clip.Channels) stream.Write(MemoryMarshal.AsBytes(channel.AsSpan()));
            }
            File.Move(temporary, entry, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary)) File.Delete(temporary);
        }
    }
}
