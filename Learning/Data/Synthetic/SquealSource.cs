namespace Grid.Learning.Data.Synthetic;

/// <summary>Brake or wheel squeal of trains and buses: a narrow harmonic tone at 1–3 kHz gliding ±10%, swelling and fading.</summary>
sealed class SquealSource(Random random) : ISoundSource
{
    private readonly double _frequency = random.LogUniform(1000, 3000);
    private readonly double _glide = random.Uniform(-0.1, 0.1);
    private readonly double[] _gains = Dsp.HarmonicGains(3, 1.5, random);

    public void Render(Span<float> output, int sampleRate, Random random)
    {
        var length = output.Length;
        var wobble = random.Uniform(3, 8);
        Dsp.AddHarmonics(output, i => _frequency * (1 + _glide * i / length + 0.01 * Math.Sin(2 * Math.PI * wobble * i / sampleRate)),
            _gains, i => Math.Sin(Math.PI * i / length), sampleRate);
    }
}
