namespace Grid.Learning.Data.Synthetic;

/// <summary>
/// Dog bark: groups of short (0.08–0.3 s) voiced barks with a rise-fall pitch contour (300–900 Hz fundamental,
/// per dog), hoarse noise, and a mouth formant; 0.2–1 s between barks.
/// </summary>
sealed class DogBarkSource(Random random) : ISoundSource
{
    private readonly double _f0 = random.LogUniform(300, 900);
    private readonly double _formant = random.Uniform(500, 1600);
    private readonly double _hoarseness = random.Uniform(0.1, 0.7);
    private readonly double _barkLength = random.Uniform(0.08, 0.3);
    private readonly double[] _gains = Dsp.HarmonicGains(10, random.Uniform(0.6, 1.2), random);

    public void Render(Span<float> output, int sampleRate, Random random)
    {
        for (var onset = (int)(random.Uniform(0, 0.5) * sampleRate); onset < output.Length;
             onset += (int)(random.Uniform(0.2, 1.0) * sampleRate))
        {
            var duration = _barkLength * random.Uniform(0.8, 1.25);
            var length = Math.Min(output.Length - onset, (int)(duration * sampleRate));
            var pitch = _f0 * random.Uniform(0.9, 1.1);
            var bark = new float[length];
            Dsp.AddHarmonics(bark, i => pitch * (1 + 0.35 * Math.Sin(Math.PI * i / length)), _gains,
                i => Math.Sin(Math.PI * i / length), sampleRate);
            Dsp.ScaleToRms(bark, 1);
            var breath = Dsp.WhiteNoise(length, random);
            for (var i = 0; i < length; i++) breath[i] *= (float)(_hoarseness * Math.Sin(Math.PI * i / length));
            Dsp.AddScaled(bark, breath, 1);
            var mouth = (float[])bark.Clone();
            Dsp.Resonate(mouth, _formant, _formant * 0.4, sampleRate);
            Dsp.ScaleToRms(mouth, Dsp.Rms(bark));
            Dsp.AddScaled(output[onset..], bark, 0.5f);
            Dsp.AddScaled(output[onset..], mouth, 1);
        }
    }
}
