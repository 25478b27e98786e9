namespace Grid.Learning.Data.Synthetic;

/// <summary>
/// Trains of short resonant clicks: typing on a keyboard (dull, 1–3 kHz, 6–12 per second) or cutlery and dishes
/// (ringing, 2.5–6 kHz, sparse), depending on <paramref name="ringing"/>.
/// </summary>
sealed class ClickSource(Random random, bool ringing) : ISoundSource
{
    private readonly double _centre = ringing ? random.LogUniform(2500, 6000) : random.LogUniform(1000, 3000);
    private readonly double _perSecond = ringing ? random.Uniform(1, 4) : random.Uniform(6, 12);
    private readonly double _decay = ringing ? random.Uniform(0.05, 0.2) : random.Uniform(0.005, 0.015);

    public void Render(Span<float> output, int sampleRate, Random random)
    {
        var length = (int)(_decay * 5 * sampleRate);
        for (var start = (int)(random.NextDouble() * sampleRate / _perSecond); start < output.Length;
             start += (int)(random.Uniform(0.4, 1.6) * sampleRate / _perSecond))
        {
            var click = Dsp.WhiteNoise(Math.Min(length, output.Length - start), random);
            for (var i = 0; i < click.Length; i++) click[i] *= (float)Math.Exp(-(double)i / (0.002 * sampleRate));
            Dsp.Resonate(click, _centre * random.Uniform(0.9, 1.1), _centre * (ringing ? 0.01 : 0.3), sampleRate);
            Dsp.ScaleToRms(click, random.Uniform(0.5, 1));
            for (var i = 0; i < click.Length; i++) output[start + i] += click[i] * (float)Math.Exp(-(double)i / (_decay * sampleRate));
        }
    }
}
