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

/// <summary>On/off segments (machine triggers, hammering bursts) and smooth gates built from them.</summary>
static class OnOff
{
    /// <summary>Alternating on/off segments covering the clip, starting on or off at random; each as [start, end) samples.</summary>
    public static List<(int Start, int End)> Segments(int length, int sampleRate, Random random,
        double minOn, double maxOn, double minOff, double maxOff)
    {
        var segments = new List<(int, int)>();
        var t = random.NextDouble() < 0.5 ? 0 : (int)(random.Uniform(minOff, maxOff) * sampleRate);
        while (t < length)
        {
            var end = Math.Min(length, t + (int)(random.Uniform(minOn, maxOn) * sampleRate));
            segments.Add((t, end));
            t = end + (int)(random.Uniform(minOff, maxOff) * sampleRate);
        }
        if (segments.Count == 0) segments.Add((0, length));
        return segments;
    }

    /// <summary>0..1 per sample: rises with an exponential attack inside segments, falls with the release outside.</summary>
    public static float[] Gate(int length, IReadOnlyList<(int Start, int End)> segments, int sampleRate, double attack, double release)
    {
        var target = new float[length];
        foreach (var (start, end) in segments) target.AsSpan(start, end - start).Fill(1);
        var up = 1 - Math.Exp(-1.0 / (attack * sampleRate));
        var down = 1 - Math.Exp(-1.0 / (release * sampleRate));
        var gate = new float[length];
        var level = 0.0;
        for (var i = 0; i < length; i++)
        {
            level += (target[i] - level) * (target[i] > level ? up : down);
            gate[i] = (float)level;
        }
        return gate;
    }
}
