using System.Buffers.Binary;

namespace Grid.Learning.Audio;

/// <summary>How one stored sample is laid out: the encodings WAV and AU files use.</summary>
public enum SampleEncoding { UnsignedPcm8, SignedPcm, Float, MuLaw, ALaw }

/// <summary>
/// Turns interleaved sample bytes into per-channel floats in [-1, 1]. Integer PCM is scaled by
/// 2^(bits-1) of its container, so samples left-justified in a wider container keep their scale.
/// </summary>
public static class SampleCodec
{
    /// <summary>Decodes <paramref name="frameCount"/> interleaved frames starting at the span's start.</summary>
    public static float[][] Deinterleave(ReadOnlySpan<byte> data, int channels, int frameCount,
        SampleEncoding encoding, int bytesPerSample, bool bigEndian)
    {
        var output = new float[channels][];
        for (var c = 0; c < channels; c++) output[c] = new float[frameCount];
        var frameBytes = channels * bytesPerSample;
        for (var frame = 0; frame < frameCount; frame++)
        {
            var frameStart = frame * frameBytes;
            for (var c = 0; c < channels; c++)
                output[c][frame] = DecodeSample(data.Slice(frameStart + c * bytesPerSample, bytesPerSample),
                    encoding, bigEndian);
        }
        return output;
    }

    static float DecodeSample(ReadOnlySpan<byte> sample, SampleEncoding encoding, bool bigEndian) => encoding switch
    {
        SampleEncoding.UnsignedPcm8 => (sample[0] - 128) / 128f,
        SampleEncoding.SignedPcm => SignedPcm(sample, bigEndian),
        SampleEncoding.Float when sample.Length == 4 => bigEndian
            ? BinaryPrimitives.ReadSingleBigEndian(sample) : BinaryPrimitives.ReadSingleLittleEndian(sample),
        SampleEncoding.Float => (float)(bigEndian
            ? BinaryPrimitives.ReadDoubleBigEndian(sample) : BinaryPrimitives.ReadDoubleLittleEndian(sample)),
        SampleEncoding.MuLaw => MuLawToLinear(sample[0]) / 32768f,
        SampleEncoding.ALaw => ALawToLinear(sample[0]) / 32768f,
        _ => throw new ArgumentOutOfRangeException(nameof(encoding), encoding, null),
    };

    /// <summary>A 1..4-byte two's-complement integer scaled to [-1, 1).</summary>
    static float SignedPcm(ReadOnlySpan<byte> sample, bool bigEndian)
    {
        var value = 0;
        var width = sample.Length;
        for (var i = 0; i < width; i++)
        {
            var b = bigEndian ? sample[i] : sample[width - 1 - i];
            value = (value << 8) | b;
        }
        var unusedBits = 32 - 8 * width;
        value = (value << unusedBits) >> unusedBits; // sign-extend
        return (float)((double)value / (1L << (8 * width - 1)));
    }

    /// <summary>ITU-T G.711 mu-law to a 16-bit linear value (±32124).</summary>
    public static int MuLawToLinear(byte code)
    {
        var inverted = ~code & 0xFF;
        var exponent = (inverted >> 4) & 0x07;
        var mantissa = inverted & 0x0F;
        var magnitude = (((mantissa << 3) + 0x84) << exponent) - 0x84;
        return (inverted & 0x80) != 0 ? -magnitude : magnitude;
    }

    /// <summary>ITU-T G.711 A-law to a 16-bit linear value (±32256).</summary>
    public static int ALawToLinear(byte code)
    {
        var toggled = code ^ 0x55;
        var segment = (toggled & 0x70) >> 4;
        var magnitude = (toggled & 0x0F) << 4;
        magnitude = segment switch
        {
            0 => magnitude + 8,
            1 => magnitude + 0x108,
            _ => (magnitude + 0x108) << (segment - 1),
        };
        return (toggled & 0x80) != 0 ? magnitude : -magnitude;
    }
}
