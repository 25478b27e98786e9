namespace Grid.Learning.Data.Synthetic;

/// <summary>Birdsong: a phrase of 3–10 fast frequency-swept chirps (2–6 kHz, 30–150 ms each) with a soft second harmonic.</summary>
sealed class BirdSource(Random random) : ISoundSource
{
    private readonly double _centre = random.LogUniform(2000, 6000);
    private readonly double _sweep = random.Uniform(-0.5, 0.5);
    private readonly double _chirpSeconds = random.Uniform(0.03, 0.15);

    public void Render(Span<float> output, int sampleRate, Random random)
    {
        var chirps = random.Next(3, 11);
        var length = (int)(_chirpSeconds * sampleRate);
        for (int c = 0, start = 0; c < chirps && start + length < output.Length; c++, start += length + (int)(random.Uniform(0.02, 0.12) * sampleRate))
        {
            var from = _centre * random.Uniform(0.85, 1.15);
            Dsp.AddHarmonics(output.Slice(start, length), i => from * (1 + _sweep * i / length), [1.0, 0.2],
                i => Math.Sin(Math.PI * i / length), sampleRate);
        }
    }
}
