namespace Grid.Learning.Data.Synthetic;

/// <summary>
/// Car horn: one or two brassy harmonic tones (300–500 Hz; the second a major third up) sounded as one to
/// three beeps of 0.15–1.5 s.
/// </summary>
sealed class CarHornSource(Random random) : ISoundSource
{
    private readonly double _f0 = random.Uniform(300, 500);
    private readonly bool _dual = random.NextDouble() < 0.6;
    private readonly double[] _gains = Dsp.HarmonicGains(12, random.Uniform(0.4, 1.0), random);

    public void Render(Span<float> output, int sampleRate, Random random)
    {
        var beeps = OnOff.Segments(output.Length, sampleRate, random, minOn: 0.15, maxOn: 1.5, minOff: 0.1, maxOff: 1.2);
        var gate = OnOff.Gate(output.Length, beeps, sampleRate, attack: 0.01, release: 0.03);
        Dsp.AddHarmonics(output, _ => _f0, _gains, i => gate[i], sampleRate);
        if (_dual) Dsp.AddHarmonics(output, _ => _f0 * 1.26, _gains, i => 0.8 * gate[i], sampleRate);
    }
}
