using Grid.Learning.Audio;
using Grid.Learning.Runtime;

namespace Grid.Learning.Data.Synthetic;

/// <summary>
/// Writes a synthetic GTZAN: <c>genres/&lt;genre&gt;/&lt;genre&gt;.000NN.au</c>, the ten genres of the real set,
/// 30 s excerpts as 16-bit mono AU like the real files but at 16 kHz instead of 22.05 kHz (the features are
/// computed at 16 kHz, and it keeps the files a third smaller). Each excerpt is a <see cref="MusicSource"/> in its
/// genre's <see cref="GenreStyle"/> over a faint noise floor (30–50 dB below the music).
/// </summary>
public static class SyntheticGtzan
{
    public const int SampleRate = 16000;
    public const double ClipSeconds = 30.0;

    public static IReadOnlyList<string> Genres { get; } = GenreStyle.All.Select(s => s.Genre).ToArray();

    /// <param name="clipSeconds">Excerpt length: the real 30 s unless a quick test asks for less.</param>
    public static int Write(string outDir, int clipsPerClass, long seed, double clipSeconds = ClipSeconds)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(clipSeconds, 0);
        var excerpts = GenreStyle.All.SelectMany(style => Enumerable.Range(0, clipsPerClass).Select(n => (Style: style, Number: n))).ToArray();
        foreach (var genre in Genres) Directory.CreateDirectory(Path.Combine(outDir, "genres", genre));
        Parallel.ForEach(excerpts, excerpt =>
        {
            var random = Seeds.Random(seed, "gtzan", "excerpt", excerpt.Style.Genre, excerpt.Number);
            var frames = (int)(clipSeconds * SampleRate);
            var music = new float[frames];
            new MusicSource(excerpt.Style, random).Render(music, SampleRate, random);
            Dsp.ScaleToRms(music, 1);
            var noise = Dsp.WhiteNoise(frames, random);
            Dsp.LowPass(noise, random.LogUniform(1000, 6000), SampleRate);
            Dsp.ScaleToRms(noise, Math.Pow(10, -random.Uniform(30, 50) / 20));
            Dsp.AddScaled(music, noise, 1);
            NormalisePeak(music, random.Uniform(0.5, 0.95));
            var name = $"{excerpt.Style.Genre}.{excerpt.Number:00000}.au";
            AuWriter.Write(Path.Combine(outDir, "genres", excerpt.Style.Genre, name), new AudioClip([music], SampleRate));
        });
        return excerpts.Length;
    }

    private static void NormalisePeak(float[] signal, double peak)
    {
        var max = signal.Max(MathF.Abs);
        if (max < 1e-9f) return;
        var gain = (float)(peak / max);
        for (var i = 0; i < signal.Length; i++) signal[i] *= gain;
    }
}
