using Grid.Learning.Audio;

namespace Grid.Learning.Data.Synthetic;

/// <summary>
/// Renders one stereo recording of a <see cref="SceneStyle"/>: ambient noise partly shared between the two
/// microphones, the beds, and the events at random times, each panned to its own position; the corner, levels and
/// event rates vary per recording (corner ×0.7–1.4, levels ±3 dB, rates ×0.5–1.5).
/// </summary>
static class SceneRenderer
{
    public static AudioClip Render(SceneStyle style, double seconds, int sampleRate, Random random)
    {
        var frames = (int)(seconds * sampleRate);
        var left = new float[frames];
        var right = new float[frames];
        var cutoff = style.NoiseCutoffHz * random.Uniform(0.7, 1.4);
        var shared = Noise(frames, cutoff, sampleRate, random);
        foreach (var (channel, own) in new[] { (left, Noise(frames, cutoff, sampleRate, random)), (right, Noise(frames, cutoff, sampleRate, random)) })
        {
            Dsp.AddScaled(channel, shared, (float)Gain(style.NoiseLevelDb + random.Uniform(-3, 3)));
            Dsp.AddScaled(channel, own, (float)(0.5 * Gain(style.NoiseLevelDb)));
        }
        foreach (var bed in style.Beds)
        {
            var sound = new float[frames];
            bed.Source(random).Render(sound, sampleRate, random);
            Place(left, right, sound, 0, Gain(bed.LevelDb + random.Uniform(-3, 3)), random);
        }
        foreach (var kind in style.Events)
        {
            var count = Poisson(kind.PerMinute * seconds / 60 * random.Uniform(0.5, 1.5), random);
            for (var e = 0; e < count; e++)
            {
                var sound = new float[Math.Min(frames, (int)(random.Uniform(kind.MinSeconds, kind.MaxSeconds) * sampleRate))];
                kind.Source(random).Render(sound, sampleRate, random);
                var fade = Math.Max(1, Math.Min(sound.Length / 4, (int)(0.05 * sampleRate)));
                for (var i = 0; i < fade; i++) sound[i] *= (float)i / fade;
                for (var i = 0; i < fade; i++) sound[^(i + 1)] *= (float)i / fade;
                Place(left, right, sound, random.Next(frames - sound.Length + 1), Gain(kind.LevelDb + random.Uniform(-4, 4)), random);
            }
        }
        return new AudioClip([left, right], sampleRate);
    }

    private static double Gain(double db) => Math.Pow(10, db / 20);

    private static float[] Noise(int frames, double cutoff, int sampleRate, Random random)
    {
        var noise = Dsp.WhiteNoise(frames, random);
        Dsp.LowPass(noise, cutoff, sampleRate);
        Dsp.LowPass(noise, cutoff * 2, sampleRate);
        Dsp.ScaleToRms(noise, 1);
        return noise;
    }

    /// <summary>Adds a sound at RMS <paramref name="level"/> from <paramref name="start"/>, panned at a random angle.</summary>
    private static void Place(float[] left, float[] right, float[] sound, int start, double level, Random random)
    {
        Dsp.ScaleToRms(sound, level);
        var angle = random.Uniform(0, Math.PI / 2);
        Dsp.AddScaled(left.AsSpan(start), sound, (float)Math.Cos(angle) * 1.2f);
        Dsp.AddScaled(right.AsSpan(start), sound, (float)Math.Sin(angle) * 1.2f);
    }

    private static int Poisson(double mean, Random random)
    {
        var (limit, product, count) = (Math.Exp(-mean), random.NextDouble(), 0);
        while (product > limit)
        {
            product *= random.NextDouble();
            count++;
        }
        return count;
    }
}
