using System.Buffers.Binary;
using Grid.Learning.Audio;

namespace Grid.Learning.Data;

/// <summary>Sample encodings <see cref="WavWriter"/> writes.</summary>
public enum WavSampleFormat { Pcm16, Pcm24, Float32 }

/// <summary>
/// Writes RIFF/WAVE files: 16- or 24-bit integer PCM (format tag 1) or 32-bit IEEE float (format tag 3,
/// with an 18-byte fmt chunk and a fact chunk), any number of channels, interleaved. PCM samples are
/// scaled by 2^(bits−1), rounded and clipped to the integer range.
/// </summary>
public static class WavWriter
{
    private const ushort PcmTag = 1;
    private const ushort FloatTag = 3;

    public static int BytesPerSample(WavSampleFormat format) => format switch
    {
        WavSampleFormat.Pcm16 => 2,
        WavSampleFormat.Pcm24 => 3,
        _ => 4,
    };

    public static void Write(string path, AudioClip clip, WavSampleFormat format)
    {
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None);
        Write(stream, clip, format);
    }

    public static void Write(Stream stream, AudioClip clip, WavSampleFormat format)
    {
        if (clip.ChannelCount == 0) throw new ArgumentException("a WAV file needs at least one channel", nameof(clip));
        if (clip.Channels.Any(c => c.Length != clip.FrameCount)) throw new ArgumentException("channels differ in length", nameof(clip));
        var isFloat = format == WavSampleFormat.Float32;
        var bytesPerSample = BytesPerSample(format);
        var blockAlign = clip.ChannelCount * bytesPerSample;
        var dataBytes = (long)clip.FrameCount * blockAlign;
        var fmtBytes = isFloat ? 18 : 16;
        var factBytes = isFloat ? 12 : 0;
        var riffBytes = 4 + (8 + fmtBytes) + factBytes + 8 + dataBytes + (dataBytes & 1);
        if (riffBytes > uint.MaxValue) throw new ArgumentException("clip too long for a WAV file", nameof(clip));

        var header = new byte[12 + 8 + fmtBytes + factBytes + 8];
        var span = header.AsSpan();
        "RIFF"u8.CopyTo(span);
        BinaryPrimitives.WriteUInt32LittleEndian(span[4..], (uint)riffBytes);
        "WAVE"u8.CopyTo(span[8..]);
        "fmt "u8.CopyTo(span[12..]);
        BinaryPrimitives.WriteUInt32LittleEndian(span[16..], (uint)fmtBytes);
        BinaryPrimitives.WriteUInt16LittleEndian(span[20..], isFloat ? FloatTag : PcmTag);
        BinaryPrimitives.WriteUInt16LittleEndian(span[22..], (ushort)clip.ChannelCount);
        BinaryPrimitives.WriteUInt32LittleEndian(span[24..], (uint)clip.SampleRate);
        BinaryPrimitives.WriteUInt32LittleEndian(span[28..], (uint)(clip.SampleRate * blockAlign));
        BinaryPrimitives.WriteUInt16LittleEndian(span[32..], (ushort)blockAlign);
        BinaryPrimitives.WriteUInt16LittleEndian(span[34..], (ushort)(bytesPerSample * 8));
        var offset = 36;
        if (isFloat)
        {
            offset += 2; // cbSize = 0
            "fact"u8.CopyTo(span[offset..]);
            BinaryPrimitives.WriteUInt32LittleEndian(span[(offset + 4)..], 4);
            BinaryPrimitives.WriteUInt32LittleEndian(span[(offset + 8)..], (uint)clip.FrameCount);
            offset += 12;
        }
        "data"u8.CopyTo(span[offset..]);
        BinaryPrimitives.WriteUInt32LittleEndian(span[(offset + 4)..], (uint)dataBytes);
        stream.Write(header);

        const int framesPerChunk = 4096;
        var chunk = new byte[framesPerChunk * blockAlign];
        for (var first = 0; first < clip.FrameCount; first += framesPerChunk)
        {
            var frames = Math.Min(framesPerChunk, clip.FrameCount - first);
            for (var i = 0; i < frames; i++)
                for (var c = 0; c < clip.ChannelCount; c++)
                    EncodeSample(clip.Channels[c][first + i], format, chunk.AsSpan(i * blockAlign + c * bytesPerSample, bytesPerSample));
            stream.Write(chunk, 0, frames * blockAlign);
        }
        if ((dataBytes & 1) == 1) stream.WriteByte(0);
    }

    private static void EncodeSample(float sample, WavSampleFormat format, Span<byte> target)
    {
        switch (format)
        {
            case WavSampleFormat.Pcm16:
                BinaryPrimitives.WriteInt16LittleEndian(target, (short)Quantise(sample, short.MaxValue));
                break;
            case WavSampleFormat.Pcm24:
                var value = Quantise(sample, 8388607);
                target[0] = (byte)value;
                target[1] = (byte)(value >> 8);
                target[2] = (byte)(value >> 16);
                break;
            default:
                BinaryPrimitives.WriteSingleLittleEndian(target, sample);
                break;
        }
    }

    /// <summary>Scaled by 2^(bits−1), as decoders read it back, then clipped to the integer range.</summary>
    private static int Quantise(float sample, int fullScale) =>
        (int)Math.Clamp(Math.Round((float.IsNaN(sample) ? 0.0 : sample) * (fullScale + 1.0)), -fullScale - 1.0, fullScale);
}
