namespace Grid.Learning.Data.Synthetic;

/// <summary>
/// Air conditioner: steady low-passed broadband noise, an optional fan-blade resonance, and a weak mains/motor hum,
/// all slowly fluctuating. Shares its low-frequency, steady character with <see cref="EngineIdlingSource"/>.
/// </summary>
sealed class AirConditionerSource(Random random) : ISoundSource
{
    private readonly double _noiseCutoff = random.LogUniform(250, 2500);
    private readonly double _fanCentre = random.LogUniform(150, 1200);
    private readonly double _fanLevel = random.Uniform(0, 0.6);
    private readonly double _humF0 = random.Uniform(40, 130);
    private readonly double _humLevel = random.Uniform(0.02, 0.4);
    private readonly double[] _humGains = Dsp.HarmonicGains(5, 1.0, random);
    private readonly double _wobbleRate = random.Uniform(0.1, 0.6);
    private readonly double _wobbleDepth = random.Uniform(0, 0.2);

    public void Render(Span<float> output, int sampleRate, Random random)
    {
        var noise = Dsp.WhiteNoise(output.Length, random);
        Dsp.LowPass(noise, _noiseCutoff, sampleRate);
        Dsp.LowPass(noise, _noiseCutoff * 2, sampleRate);
        Dsp.ScaleToRms(noise, 1);
        var fan = Dsp.WhiteNoise(output.Length, random);
        Dsp.Resonate(fan, _fanCentre, _fanCentre * 0.15, sampleRate);
        Dsp.ScaleToRms(fan, _fanLevel);
        var phase = random.Uniform(0, 2 * Math.PI);
        for (var i = 0; i < output.Length; i++)
            output[i] += (noise[i] + fan[i]) * (float)(1 + _wobbleDepth * Math.Sin(phase + 2 * Math.PI * _wobbleRate * i / sampleRate));
        Dsp.AddHarmonics(output, _ => _humF0, _humGains, _ => _humLevel, sampleRate, random.Uniform(0, 6.3));
    }
}
