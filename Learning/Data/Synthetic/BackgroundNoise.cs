namespace Grid.Learning.Data.Synthetic;

/// <summary>
/// A street background: coloured noise (a low-passed rumble plus a little hiss, 100 Hz–4 kHz corner) and, half the
/// time, a distant sound of another model at −6 to −15 dB below the noise, so the background itself carries
/// class-like cues the classifier must ignore.
/// </summary>
static class BackgroundNoise
{
    public static float[] Render(int length, int sampleRate, int foregroundModel, Random random)
    {
        var noise = Dsp.WhiteNoise(length, random);
        var hiss = (float[])noise.Clone();
        Dsp.LowPass(noise, random.LogUniform(100, 4000), sampleRate);
        Dsp.LowPass(noise, random.LogUniform(200, 6000), sampleRate);
        Dsp.ScaleToRms(noise, 1);
        Dsp.AddScaled(noise, hiss, (float)random.Uniform(0.01, 0.15));
        if (random.NextDouble() < 0.5)
        {
            var other = (foregroundModel + 1 + random.Next(SoundModels.Count - 1)) % SoundModels.Count;
            var distant = new float[length];
            SoundModels.Create(other, random).Render(distant, sampleRate, random);
            Dsp.LowPass(distant, random.LogUniform(800, 4000), sampleRate);
            Dsp.ScaleToRms(distant, Math.Pow(10, -random.Uniform(6, 15) / 20));
            Dsp.AddScaled(noise, distant, 1);
        }
        return noise;
    }
}
