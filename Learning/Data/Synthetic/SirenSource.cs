namespace Grid.Learning.Data.Synthetic;

/// <summary>
/// Siren: a harmonic tone sweeping between a low (500–900 Hz) and a high (1.1–1.8 kHz) pitch, either a slow
/// sinusoidal wail (2–6 s) or a fast rising yelp (0.15–0.5 s), with a slow Doppler-like drift.
/// </summary>
sealed class SirenSource(Random random) : ISoundSource
{
    private readonly double _low = random.Uniform(500, 900);
    private readonly double _high = random.Uniform(1100, 1800);
    private readonly bool _yelp = random.NextDouble() < 0.4;
    private readonly double _period = random.NextDouble() < 0.4 ? random.Uniform(0.15, 0.5) : random.Uniform(2, 6);
    private readonly double[] _gains = Dsp.HarmonicGains(6, random.Uniform(0.8, 2.0), random);
    private readonly double _doppler = random.Uniform(-0.06, 0.06);

    public void Render(Span<float> output, int sampleRate, Random random)
    {
        var offset = random.NextDouble();
        var seconds = (double)output.Length / sampleRate;
        Dsp.AddHarmonics(output, i =>
        {
            var cycle = (offset + (double)i / sampleRate / _period) % 1.0;
            var sweep = _yelp ? cycle : 0.5 - 0.5 * Math.Cos(2 * Math.PI * cycle);
            return (_low + (_high - _low) * sweep) * (1 + _doppler * i / sampleRate / seconds);
        }, _gains, _ => 1, sampleRate, random.Uniform(0, 6.3));
    }
}
