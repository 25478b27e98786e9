namespace Grid.Learning.Data.Synthetic;

/// <summary>
/// Drilling: a rich motor whine (80–400 Hz fundamental, many harmonics) that spins up at each trigger press,
/// amplitude-modulated at 8–30 Hz for hammer drills, with high-passed grinding noise. Its modulation rates
/// overlap <see cref="JackhammerSource"/>'s hit rates.
/// </summary>
sealed class DrillingSource(Random random) : ISoundSource
{
    private readonly double _motorF0 = random.LogUniform(80, 400);
    private readonly double[] _gains = Dsp.HarmonicGains(24, random.Uniform(0.4, 1.1), random);
    private readonly double _hammerRate = random.Uniform(8, 30);
    private readonly double _hammerDepth = random.NextDouble() < 0.5 ? 0 : random.Uniform(0.2, 0.8);
    private readonly double _grindCutoff = random.LogUniform(500, 3000);
    private readonly double _grindLevel = random.Uniform(0.1, 0.8);
    private readonly double _spinUp = random.Uniform(0.05, 0.4);

    public void Render(Span<float> output, int sampleRate, Random random)
    {
        var presses = OnOff.Segments(output.Length, sampleRate, random, minOn: 0.6, maxOn: 3.5, minOff: 0.1, maxOff: 0.8);
        var gate = OnOff.Gate(output.Length, presses, sampleRate, attack: 0.02, release: 0.08);
        var speed = OnOff.Gate(output.Length, presses, sampleRate, attack: _spinUp, release: 0.15);
        var whine = new float[output.Length];
        Dsp.AddHarmonics(whine, i => _motorF0 * (0.6 + 0.4 * speed[i]), _gains,
            i => gate[i] * (1 - _hammerDepth * 0.5 * (1 + Math.Sin(2 * Math.PI * _hammerRate * i / sampleRate))), sampleRate);
        Dsp.ScaleToRms(whine, 1);
        var grind = Dsp.WhiteNoise(output.Length, random);
        Dsp.HighPass(grind, _grindCutoff, sampleRate);
        Dsp.ScaleToRms(grind, _grindLevel);
        for (var i = 0; i < output.Length; i++) output[i] += whine[i] + grind[i] * gate[i];
    }
}
