namespace Grid.Learning.Data.Synthetic;

/// <summary>
/// Jackhammer: bursts of impacts at 10–28 Hz, each a short noise burst through a resonance of the tool and
/// the ground (150–1500 Hz) plus a broadband click, with timing jitter; pauses between bursts.
/// </summary>
sealed class JackhammerSource(Random random) : ISoundSource
{
    private readonly double _hitRate = random.Uniform(10, 28);
    private readonly double _resonance = random.LogUniform(150, 1500);
    private readonly double _bandwidth = random.Uniform(60, 500);
    private readonly double _hitDecay = random.Uniform(0.005, 0.025);
    private readonly double _clickLevel = random.Uniform(0.1, 0.7);
    private readonly double _jitter = random.Uniform(0.02, 0.08);
    private readonly double _compressorHum = random.Uniform(0, 0.4);
    private readonly double _compressorF0 = random.Uniform(60, 250);

    public void Render(Span<float> output, int sampleRate, Random random)
    {
        var bursts = OnOff.Segments(output.Length, sampleRate, random, minOn: 0.5, maxOn: 3.0, minOff: 0.1, maxOff: 0.7);
        var excitation = new float[output.Length];
        foreach (var (start, end) in bursts)
            for (var t = start; t < end; t += Math.Max(1, (int)(sampleRate / _hitRate * (1 + _jitter * random.Gaussian()))))
            {
                var strength = random.Uniform(0.6, 1.0);
                var length = Math.Min((int)(_hitDecay * 6 * sampleRate), output.Length - t);
                var decayPerSample = Math.Exp(-1 / (_hitDecay * sampleRate));
                var envelope = strength;
                for (var k = 0; k < length; k++, envelope *= decayPerSample)
                    excitation[t + k] += (float)(envelope * (2 * random.NextDouble() - 1));
            }
        var body = (float[])excitation.Clone();
        Dsp.Resonate(body, _resonance, _bandwidth, sampleRate);
        Dsp.ScaleToRms(body, 1);
        Dsp.ScaleToRms(excitation, _clickLevel);
        for (var i = 0; i < output.Length; i++) output[i] += body[i] + excitation[i];
        Dsp.AddHarmonics(output, _ => _compressorF0, [1.0, 0.5, 0.25], _ => _compressorHum, sampleRate);
    }
}
