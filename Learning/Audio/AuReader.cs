using System.Buffers.Binary;

namespace Grid.Learning.Audio;

/// <summary>
/// Sun/NeXT AU (.au, .snd; GTZAN ships these): big-endian header and samples. Encodings 1 (mu-law),
/// 2..5 (8/16/24/32-bit linear PCM), 6 (float), 7 (double), 27 (A-law). A data size of 0xFFFFFFFF
/// means "to the end of the file".
/// </summary>
public static class AuReader
{
    const int HeaderBytes = 24;

    public static bool HasMagic(ReadOnlySpan<byte> bytes) =>
        bytes.Length >= 4 && bytes[..4].SequenceEqual(".snd"u8);

    public static AudioClip Decode(ReadOnlySpan<byte> bytes, string name)
    {
        if (bytes.Length < HeaderBytes)
            throw new AudioFormatException(name, $"truncated AU header: expected {HeaderBytes} bytes, found {bytes.Length}");
        if (!HasMagic(bytes)) throw new AudioFormatException(name, "not an AU file (no .snd magic)");
        var dataOffset = BinaryPrimitives.ReadUInt32BigEndian(bytes[4..]);
        var dataSize = BinaryPrimitives.ReadUInt32BigEndian(bytes[8..]);
        var encodingCode = BinaryPrimitives.ReadUInt32BigEndian(bytes[12..]);
        var sampleRate = BinaryPrimitives.ReadUInt32BigEndian(bytes[16..]);
        var channels = BinaryPrimitives.ReadUInt32BigEndian(bytes[20..]);

        if (channels == 0) throw new AudioFormatException(name, "AU header: zero channels");
        if (AudioLimits.HeaderProblem(sampleRate, channels) is { } problem)
            throw new AudioFormatException(name, $"AU header: {problem}");
        if (dataOffset < HeaderBytes || dataOffset > bytes.Length)
            throw new AudioFormatException(name,
                $"AU header: data offset {dataOffset} outside the file ({bytes.Length} bytes, header is {HeaderBytes})");

        var (encoding, bytesPerSample) = encodingCode switch
        {
            1 => (SampleEncoding.MuLaw, 1),
            2 => (SampleEncoding.SignedPcm, 1),
            3 => (SampleEncoding.SignedPcm, 2),
            4 => (SampleEncoding.SignedPcm, 3),
            5 => (SampleEncoding.SignedPcm, 4),
            6 => (SampleEncoding.Float, 4),
            7 => (SampleEncoding.Float, 8),
            27 => (SampleEncoding.ALaw, 1),
            _ => throw new AudioFormatException(name, $"unsupported AU encoding {encodingCode}"),
        };

        var rest = bytes[(int)dataOffset..];
        var frameBytes = (int)channels * bytesPerSample;
        var usable = dataSize == uint.MaxValue || dataSize > rest.Length ? rest.Length : (int)dataSize;
        var frames = usable / frameBytes;
        if (frames == 0 && dataSize > 0)
            throw new AudioFormatException(name,
                $"truncated data: header declares {(dataSize == uint.MaxValue ? "unknown" : dataSize.ToString())} bytes, found {rest.Length} (one frame is {frameBytes} bytes)");
        if (AudioLimits.LengthProblem(frames, (int)sampleRate) is { } tooLong) throw new AudioFormatException(name, tooLong);
        var samples = SampleCodec.Deinterleave(rest, (int)channels, frames, encoding, bytesPerSample, bigEndian: true);
        if (encoding == SampleEncoding.Float) AudioLimits.RequireFinite(samples, name);
        return new AudioClip(samples, (int)sampleRate);
    }
}
