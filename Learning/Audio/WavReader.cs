using System.Buffers.Binary;
using System.Text;

namespace Grid.Learning.Audio;

/// <summary>
/// RIFF/WAVE decoder: PCM 8 (unsigned), 16, 24, 32 bit; IEEE float 32/64; mu-law and A-law;
/// WAVE_FORMAT_EXTENSIBLE (format from the sub-format GUID); any channel count. Unknown chunks
/// (LIST, fact, cue ...) are skipped, odd-sized chunks carry a pad byte. A data chunk whose size is
/// 0xFFFFFFFF (streaming writers) or runs past the end of the file is read up to the last whole frame.
/// </summary>
public static class WavReader
{
    const int RiffHeaderBytes = 12;
    const int ChunkHeaderBytes = 8;
    const int MinimumFormatBytes = 16;
    const int ExtensibleFormatBytes = 40;

    const ushort FormatPcm = 0x0001;
    const ushort FormatIeeeFloat = 0x0003;
    const ushort FormatALaw = 0x0006;
    const ushort FormatMuLaw = 0x0007;
    const ushort FormatExtensible = 0xFFFE;

    /// <summary>The tail every KSDATAFORMAT_SUBTYPE GUID shares after its 2-byte format tag (bytes 2..15 as stored).</summary>
    static ReadOnlySpan<byte> SubFormatGuidTail =>
        [0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71];

    public static bool HasMagic(ReadOnlySpan<byte> bytes) =>
        bytes.Length >= 4 && bytes[..4].SequenceEqual("RIFF"u8);

    public static AudioClip Decode(ReadOnlySpan<byte> bytes, string name)
    {
        if (bytes.Length < RiffHeaderBytes)
            throw new AudioFormatException(name, $"truncated RIFF header: expected {RiffHeaderBytes} bytes, found {bytes.Length}");
        if (!HasMagic(bytes))
            throw new AudioFormatException(name, "not a RIFF file");
        if (!bytes.Slice(8, 4).SequenceEqual("WAVE"u8))
            throw new AudioFormatException(name, $"RIFF form type is \"{Ascii(bytes.Slice(8, 4))}\", expected \"WAVE\"");

        WavFormat? format = null;
        var position = RiffHeaderBytes;
        while (position < bytes.Length)
        {
            if (bytes.Length - position < ChunkHeaderBytes)
                throw new AudioFormatException(name,
                    $"truncated chunk header at byte {position}: expected {ChunkHeaderBytes} bytes, found {bytes.Length - position}");
            var id = Ascii(bytes.Slice(position, 4));
            var declaredSize = BinaryPrimitives.ReadUInt32LittleEndian(bytes.Slice(position + 4, 4));
            var bodyStart = position + ChunkHeaderBytes;
            var available = bytes.Length - bodyStart;
            if (id == "data")
            {
                if (format is null) throw new AudioFormatException(name, "data chunk comes before any fmt chunk");
                return ReadData(bytes.Slice(bodyStart), declaredSize, format, name);
            }
            if (declaredSize > available)
                throw new AudioFormatException(name,
                    $"truncated \"{id}\" chunk at byte {position}: expected {declaredSize} bytes, found {available}");
            if (id == "fmt ") format = ParseFormat(bytes.Slice(bodyStart, (int)declaredSize), name);
            position = checked(bodyStart + (int)declaredSize + (int)(declaredSize & 1));
        }
        throw new AudioFormatException(name, format is null ? "no fmt chunk" : "no data chunk");
    }

    static AudioClip ReadData(ReadOnlySpan<byte> rest, uint declaredSize, WavFormat format, string name)
    {
        var frameBytes = checked(format.Channels * format.BytesPerSample);
        var usable = declaredSize == uint.MaxValue || declaredSize > rest.Length ? rest.Length : (int)declaredSize;
        var frames = usable / frameBytes;
        if (frames == 0 && declaredSize > 0)
            throw new AudioFormatException(name,
                $"truncated data: chunk declares {declaredSize} bytes, found {rest.Length} (one frame is {frameBytes} bytes)");
        if (AudioLimits.LengthProblem(frames, format.SampleRate) is { } tooLong) throw new AudioFormatException(name, tooLong);
        var channels = SampleCodec.Deinterleave(rest, format.Channels, frames, format.Encoding, format.BytesPerSample, bigEndian: false);
        if (format.Encoding == SampleEncoding.Float) AudioLimits.RequireFinite(channels, name);
        return new AudioClip(channels, format.SampleRate);
    }

    static WavFormat ParseFormat(ReadOnlySpan<byte> fmt, string name)
    {
        if (fmt.Length < MinimumFormatBytes)
            throw new AudioFormatException(name, $"truncated fmt chunk: expected {MinimumFormatBytes} bytes, found {fmt.Length}");
        var tag = BinaryPrimitives.ReadUInt16LittleEndian(fmt);
        var channels = BinaryPrimitives.ReadUInt16LittleEndian(fmt[2..]);
        var sampleRate = BinaryPrimitives.ReadUInt32LittleEndian(fmt[4..]);
        var blockAlign = BinaryPrimitives.ReadUInt16LittleEndian(fmt[12..]);
        var bitsPerSample = BinaryPrimitives.ReadUInt16LittleEndian(fmt[14..]);
        if (channels == 0) throw new AudioFormatException(name, "fmt chunk: zero channels");
        if (AudioLimits.HeaderProblem(sampleRate, channels) is { } problem)
            throw new AudioFormatException(name, $"fmt chunk: {problem}");

        if (tag == FormatExtensible)
        {
            if (fmt.Length < ExtensibleFormatBytes)
                throw new AudioFormatException(name,
                    $"truncated WAVE_FORMAT_EXTENSIBLE fmt chunk: expected {ExtensibleFormatBytes} bytes, found {fmt.Length}");
            var guid = fmt.Slice(24, 16);
            if (!guid[2..].SequenceEqual(SubFormatGuidTail))
                throw new AudioFormatException(name, $"unsupported WAVE_FORMAT_EXTENSIBLE sub-format {new Guid(guid)}");
            tag = BinaryPrimitives.ReadUInt16LittleEndian(guid);
        }

        var bytesPerSample = ContainerBytes(bitsPerSample, blockAlign, channels);
        var encoding = (tag, bytesPerSample) switch
        {
            (FormatPcm, 1) => SampleEncoding.UnsignedPcm8,
            (FormatPcm, 2 or 3 or 4) => SampleEncoding.SignedPcm,
            (FormatIeeeFloat, 4 or 8) => SampleEncoding.Float,
            (FormatMuLaw, 1) => SampleEncoding.MuLaw,
            (FormatALaw, 1) => SampleEncoding.ALaw,
            (FormatPcm or FormatIeeeFloat or FormatMuLaw or FormatALaw, _) => throw new AudioFormatException(name,
                $"unsupported bit depth {bitsPerSample} for format tag 0x{tag:X4}"),
            _ => throw new AudioFormatException(name, $"unsupported format tag 0x{tag:X4}"),
        };
        return new WavFormat(encoding, channels, (int)sampleRate, bytesPerSample);
    }

    /// <summary>Bytes one sample occupies: block align per channel when it holds the bits, else the bits rounded up.</summary>
    static int ContainerBytes(int bitsPerSample, int blockAlign, int channels)
    {
        var fromBits = (bitsPerSample + 7) / 8;
        var fromAlign = blockAlign / channels;
        return blockAlign % channels == 0 && fromAlign >= fromBits && fromAlign > 0 ? fromAlign : fromBits;
    }

    static string Ascii(ReadOnlySpan<byte> bytes) => Encoding.ASCII.GetString(bytes);

    sealed record WavFormat(SampleEncoding Encoding, int Channels, int SampleRate, int BytesPerSample);
}
