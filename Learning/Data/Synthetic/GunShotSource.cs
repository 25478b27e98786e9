namespace Grid.Learning.Data.Synthetic;

/// <summary>
/// Gun shot: one to three impulsive shots, each a broadband crack (1 ms attack, 10–60 ms decay) with a low
/// resonant boom, followed by a low-passed reverberant tail of 0.2–1 s.
/// </summary>
sealed class GunShotSource(Random random) : ISoundSource
{
    private readonly double _crackDecay = random.Uniform(0.01, 0.06);
    private readonly double _boomCentre = random.Uniform(60, 200);
    private readonly double _tailDecay = random.Uniform(0.2, 1.0);
    private readonly double _tailLevel = random.Uniform(0.05, 0.4);
    private readonly double _tailCutoff = random.LogUniform(400, 3000);
    private readonly int _maxShots = random.Next(1, 4);

    public void Render(Span<float> output, int sampleRate, Random random)
    {
        var shots = random.Next(1, _maxShots + 1);
        for (var s = 0; s < shots; s++)
        {
            var onset = (int)(random.Uniform(0, 0.7) * output.Length);
            var length = Math.Min(output.Length - onset, (int)(_tailDecay * 5 * sampleRate));
            var crack = Dsp.WhiteNoise(length, random);
            var boom = (float[])crack.Clone();
            Dsp.Resonate(boom, _boomCentre, 40, sampleRate);
            var tail = (float[])crack.Clone();
            Dsp.LowPass(tail, _tailCutoff, sampleRate);
            Dsp.ScaleToRms(boom, Dsp.Rms(crack) * 3);
            Dsp.ScaleToRms(tail, Dsp.Rms(crack));
            for (var i = 0; i < length; i++)
            {
                var t = (double)i / sampleRate;
                output[onset + i] += (float)(crack[i] * Dsp.AttackDecay(t, 0.001, _crackDecay)
                    + boom[i] * Dsp.AttackDecay(t, 0.002, _crackDecay * 3)
                    + tail[i] * _tailLevel * Dsp.AttackDecay(t, 0.01, _tailDecay));
            }
        }
    }
}
