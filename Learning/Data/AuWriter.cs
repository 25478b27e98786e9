using System.Buffers.Binary;
using Grid.Learning.Audio;

namespace Grid.Learning.Data;

/// <summary>
/// Writes Sun/NeXT AU files as GTZAN ships them: the 24-byte big-endian header (<c>.snd</c>, data offset 24, data
/// size, encoding 3 = 16-bit linear PCM, rate, channels) and interleaved big-endian 16-bit samples, scaled by
/// 2^15, rounded and clipped.
/// </summary>
public static class AuWriter
{
    private const int HeaderBytes = 24;
    private const uint Linear16 = 3;

    public static void Write(string path, AudioClip clip)
    {
        if (clip.ChannelCount == 0) throw new ArgumentException("an AU file needs at least one channel", nameof(clip));
        if (clip.Channels.Any(c => c.Length != clip.FrameCount)) throw new ArgumentException("channels differ in length", nameof(clip));
        var dataBytes = clip.FrameCount * clip.ChannelCount * 2;
        var bytes = new byte[HeaderBytes + dataBytes];
        var header = bytes.AsSpan();
        ".snd"u8.CopyTo(header);
        BinaryPrimitives.WriteUInt32BigEndian(header[4..], HeaderBytes);
        BinaryPrimitives.WriteUInt32BigEndian(header[8..], (uint)dataBytes);
        BinaryPrimitives.WriteUInt32BigEndian(header[12..], Linear16);
        BinaryPrimitives.WriteUInt32BigEndian(header[16..], (uint)clip.SampleRate);
        BinaryPrimitives.WriteUInt32BigEndian(header[20..], (uint)clip.ChannelCount);
        var offset = HeaderBytes;
        for (var frame = 0; frame < clip.FrameCount; frame++)
            foreach (var channel in clip.Channels)
            {
                var sample = Math.Clamp(Math.Round(channel[frame] * 32768.0), short.MinValue, short.MaxValue);
                BinaryPrimitives.WriteInt16BigEndian(bytes.AsSpan(offset), (short)sample);
                offset += 2;
            }
        File.WriteAllBytes(path, bytes);
    }
}
