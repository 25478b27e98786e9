using System.Buffers.Binary;
using System.Text;

namespace Grid.Tests.Audio;

/// <summary>Hand-built WAV and AU files for decoder tests.</summary>
static class AudioBytes
{
    public static byte[] Chunk(string id, byte[] body, uint? declaredSize = null, bool pad = true)
    {
        var bytes = new List<byte>(Encoding.ASCII.GetBytes(id));
        bytes.AddRange(LittleEndian32(declaredSize ?? (uint)body.Length));
        bytes.AddRange(body);
        if (pad && body.Length % 2 == 1) bytes.Add(0);
        return bytes.ToArray();
    }

    public static byte[] Format(ushort tag, ushort channels, uint sampleRate, ushort bitsPerSample)
    {
        var blockAlign = (ushort)(channels * ((bitsPerSample + 7) / 8));
        var body = new byte[16];
        BinaryPrimitives.WriteUInt16LittleEndian(body, tag);
        BinaryPrimitives.WriteUInt16LittleEndian(body.AsSpan(2), channels);
        BinaryPrimitives.WriteUInt32LittleEndian(body.AsSpan(4), sampleRate);
        BinaryPrimitives.WriteUInt32LittleEndian(body.AsSpan(8), sampleRate * blockAlign);
        BinaryPrimitives.WriteUInt16LittleEndian(body.AsSpan(12), blockAlign);
        BinaryPrimitives.WriteUInt16LittleEndian(body.AsSpan(14), bitsPerSample);
        return body;
    }

    /// <summary>A WAVE_FORMAT_EXTENSIBLE fmt body whose sub-format GUID carries <paramref name="subFormatTag"/>.</summary>
    public static byte[] ExtensibleFormat(ushort subFormatTag, ushort channels, uint sampleRate, ushort bitsPerSample, ushort validBits)
    {
        var body = new byte[40];
        Format(0xFFFE, channels, sampleRate, bitsPerSample).CopyTo(body, 0);
        BinaryPrimitives.WriteUInt16LittleEndian(body.AsSpan(16), 22);
        BinaryPrimitives.WriteUInt16LittleEndian(body.AsSpan(18), validBits);
        BinaryPrimitives.WriteUInt32LittleEndian(body.AsSpan(20), channels == 2 ? 3u : 4u);
        BinaryPrimitives.WriteUInt16LittleEndian(body.AsSpan(24), subFormatTag);
        byte[] tail = [0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71];
        tail.CopyTo(body, 26);
        return body;
    }

    public static byte[] Riff(params byte[][] chunks)
    {
        var content = chunks.SelectMany(c => c).ToArray();
        var bytes = new List<byte>(Encoding.ASCII.GetBytes("RIFF"));
        bytes.AddRange(LittleEndian32((uint)(4 + content.Length)));
        bytes.AddRange(Encoding.ASCII.GetBytes("WAVE"));
        bytes.AddRange(content);
        return bytes.ToArray();
    }

    public static byte[] Wav(byte[] formatBody, byte[] data) => Riff(Chunk("fmt ", formatBody), Chunk("data", data));

    public static byte[] Pcm16(params short[] samples)
    {
        var bytes = new byte[samples.Length * 2];
        for (var i = 0; i < samples.Length; i++) BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(2 * i), samples[i]);
        return bytes;
    }

    public static byte[] Au(uint encoding, uint sampleRate, uint channels, byte[] data, uint? dataSize = null, uint dataOffset = 24)
    {
        var header = new byte[dataOffset];
        ".snd"u8.CopyTo(header);
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(4), dataOffset);
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(8), dataSize ?? (uint)data.Length);
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(12), encoding);
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(16), sampleRate);
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(20), channels);
        return [.. header, .. data];
    }

    static byte[] LittleEndian32(uint value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, value);
        return bytes;
    }
}
