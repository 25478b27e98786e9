namespace Grid.Learning.Data.Synthetic;

/// <summary>Electronic beeps (checkout scanners, door chimes): 1–4 pure tones of 80–250 ms at 1–3 kHz.</summary>
sealed class BeepSource(Random random) : ISoundSource
{
    private readonly double _frequency = random.LogUniform(1000, 3000);
    private readonly double _beepSeconds = random.Uniform(0.08, 0.25);

    public void Render(Span<float> output, int sampleRate, Random random)
    {
        var beeps = random.Next(1, 5);
        var length = (int)(_beepSeconds * sampleRate);
        var gap = (int)(random.Uniform(0.05, 0.3) * sampleRate);
        for (int b = 0, start = 0; b < beeps && start + length <= output.Length; b++, start += length + gap)
            Dsp.AddHarmonics(output.Slice(start, length), _ => _frequency * (b % 2 == 1 ? 0.8 : 1), [1.0],
                i => Math.Min(1, Math.Min(i, length - i) / (0.005 * sampleRate)), sampleRate);
    }
}
