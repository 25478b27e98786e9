namespace Grid.Learning.Audio;

/// <summary>Decoded audio: one float array per channel, samples in [-1, 1].</summary>
public sealed record AudioClip(float[][] Channels, int SampleRate)
{
    public int ChannelCount => Channels.Length;
    public int FrameCount => Channels.Length == 0 ? 0 : Channels[0].Length;
    public double DurationSeconds => (double)FrameCount / SampleRate;

    /// <summary>The channels averaged into one.</summary>
    public float[] MixToMono()
    {
        if (Channels.Length == 1) return Channels[0];
        var mono = new float[FrameCount];
        foreach (var channel in Channels)
            for (var i = 0; i < mono.Length; i++) mono[i] += channel[i];
        var scale = 1f / Channels.Length;
        for (var i = 0; i < mono.Length; i++) mono[i] *= scale;
        return mono;
    }
}

/// <summary>An audio file that cannot be decoded. The message names the file and the reason.</summary>
public sealed class AudioFormatException(string path, string reason)
    : Exception($"{path}: {reason}")
{
    public string FilePath { get; } = path;
    public string Reason { get; } = reason;
}
