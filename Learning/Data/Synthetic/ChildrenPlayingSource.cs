namespace Grid.Learning.Data.Synthetic;

/// <summary>
/// Children playing: two to five children's voices, each a train of voiced syllables (0.1–0.4 s) with gliding
/// pitch chirps around a 220–450 Hz fundamental and two vowel formants, over a faint crowd murmur.
/// </summary>
sealed class ChildrenPlayingSource(Random random) : ISoundSource
{
    private readonly int _voices = random.Next(2, 6);
    private readonly double _murmur = random.Uniform(0.05, 0.4);

    public void Render(Span<float> output, int sampleRate, Random random)
    {
        for (var v = 0; v < _voices; v++) AddVoice(output, sampleRate, random);
        var murmur = Dsp.WhiteNoise(output.Length, random);
        Dsp.Resonate(murmur, random.Uniform(400, 900), 600, sampleRate);
        Dsp.ScaleToRms(murmur, _murmur);
        Dsp.AddScaled(output, murmur, 1);
    }

    private static void AddVoice(Span<float> output, int sampleRate, Random random)
    {
        var f0 = random.LogUniform(220, 450);
        var gains = Dsp.HarmonicGains(12, 1.2, random);
        var voice = new float[output.Length];
        for (var onset = (int)(random.Uniform(0, 1.0) * sampleRate); onset < output.Length;
             onset += (int)(random.Uniform(0.15, 0.7) * sampleRate))
        {
            var length = Math.Min(output.Length - onset, (int)(random.Uniform(0.1, 0.4) * sampleRate));
            var glide = random.Uniform(-0.35, 0.45);
            var pitch = f0 * random.Uniform(0.85, 1.3);
            Dsp.AddHarmonics(voice.AsSpan(onset, length), i => pitch * (1 + glide * i / length), gains,
                i => Math.Sin(Math.PI * i / length), sampleRate);
        }
        var first = (float[])voice.Clone();
        var second = voice;
        Dsp.Resonate(first, random.Uniform(500, 1000), 150, sampleRate);
        Dsp.Resonate(second, random.Uniform(1400, 3000), 250, sampleRate);
        Dsp.AddScaled(output, first, (float)random.Uniform(0.5, 1.0));
        Dsp.AddScaled(output, second, 0.6f);
    }
}
