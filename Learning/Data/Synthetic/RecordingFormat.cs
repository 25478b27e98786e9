namespace Grid.Learning.Data.Synthetic;

/// <summary>How one synthetic source was "recorded": rate, sample encoding and channels, shared by its slices.</summary>
public sealed record RecordingFormat(int SampleRate, WavSampleFormat Encoding, int Channels)
{
    /// <summary>Rates as mixed as UrbanSound8K's (mostly 44.1 and 48 kHz, some 8–32 kHz).</summary>
    private static readonly int[] Rates = [8000, 11025, 16000, 22050, 24000, 32000, 44100, 44100, 44100, 48000, 48000];

    /// <summary>A random format: any of <see cref="Rates"/>; 16-bit 60%, 24-bit 25%, float 15%; stereo 60%.</summary>
    public static RecordingFormat Draw(Random random)
    {
        var rate = Rates[random.Next(Rates.Length)];
        var roll = random.NextDouble();
        var encoding = roll < 0.60 ? WavSampleFormat.Pcm16 : roll < 0.85 ? WavSampleFormat.Pcm24 : WavSampleFormat.Float32;
        return new RecordingFormat(rate, encoding, random.NextDouble() < 0.6 ? 2 : 1);
    }

    /// <summary>ESC-50's uniform format: 44.1 kHz, 16-bit, mono.</summary>
    public static RecordingFormat Esc50 { get; } = new(44100, WavSampleFormat.Pcm16, 1);
}
