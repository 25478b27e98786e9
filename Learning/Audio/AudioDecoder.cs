namespace Grid.Learning.Audio;

/// <summary>Reads an audio file of any supported container, chosen by its magic bytes (not its extension).</summary>
public static class AudioDecoder
{
    /// <summary>
    /// Decodes RIFF/WAVE and Sun/NeXT AU (.au, .snd) files. Channels are averaged into one unless
    /// <paramref name="keepChannels"/> is set. Throws <see cref="AudioFormatException"/> naming the file and reason.
    /// </summary>
    public static AudioClip Read(string path, bool keepChannels = false)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new AudioFormatException(path, $"cannot be read ({e.Message})");
        }
        var clip = Decode(bytes, path);
        return keepChannels || clip.ChannelCount == 1 ? clip : new AudioClip([clip.MixToMono()], clip.SampleRate);
    }

    /// <summary>Decodes an in-memory file; <paramref name="name"/> is used in error messages.</summary>
    public static AudioClip Decode(ReadOnlySpan<byte> bytes, string name)
    {
        if (bytes.Length == 0) throw new AudioFormatException(name, "empty file");
        if (WavReader.HasMagic(bytes)) return WavReader.Decode(bytes, name);
        if (AuReader.HasMagic(bytes)) return AuReader.Decode(bytes, name);
        throw new AudioFormatException(name,
            $"unrecognised format: starts with {Describe(bytes[..Math.Min(4, bytes.Length)])}, expected RIFF/WAVE or .snd (AU)");
    }

    static string Describe(ReadOnlySpan<byte> magic) =>
        "0x" + Convert.ToHexString(magic) + (IsPrintable(magic) ? $" \"{System.Text.Encoding.ASCII.GetString(magic)}\"" : "");

    static bool IsPrintable(ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes) if (b < 0x20 || b > 0x7E) return false;
        return true;
    }
}
