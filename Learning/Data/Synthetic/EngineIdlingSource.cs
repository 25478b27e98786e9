namespace Grid.Learning.Data.Synthetic;

/// <summary>
/// Engine idling: a harmonic rumble at the firing rate (18–60 Hz) with cycle-to-cycle jitter and a half-rate
/// imbalance modulation, over low-passed mechanical noise.
/// </summary>
sealed class EngineIdlingSource(Random random) : ISoundSource
{
    private readonly double _firingRate = random.Uniform(18, 60);
    private readonly double[] _gains = Dsp.HarmonicGains(16, random.Uniform(0.6, 1.4), random);
    private readonly double _imbalance = random.Uniform(0.1, 0.5);
    private readonly double _noiseCutoff = random.LogUniform(150, 1500);
    private readonly double _noiseLevel = random.Uniform(0.2, 1.2);
    private readonly double _jitter = random.Uniform(0.005, 0.03);

    public void Render(Span<float> output, int sampleRate, Random random)
    {
        var drift = Dsp.WhiteNoise(output.Length, random);
        Dsp.LowPass(drift, 3, sampleRate);
        Dsp.ScaleToRms(drift, _jitter);
        var rumble = new float[output.Length];
        Dsp.AddHarmonics(rumble, i => _firingRate * (1 + drift[i]), _gains,
            i => 1 + _imbalance * Math.Sin(Math.PI * _firingRate * i / sampleRate), sampleRate, random.Uniform(0, 6.3));
        Dsp.ScaleToRms(rumble, 1);
        var noise = Dsp.WhiteNoise(output.Length, random);
        Dsp.LowPass(noise, _noiseCutoff, sampleRate);
        Dsp.ScaleToRms(noise, _noiseLevel);
        for (var i = 0; i < output.Length; i++) output[i] += rumble[i] + noise[i];
    }
}
