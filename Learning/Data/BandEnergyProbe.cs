using Grid.Learning.Audio;

namespace Grid.Learning.Data;

/// <summary>
/// A cheap difficulty probe for a labelled dataset: each clip becomes its mean log energy in log-spaced bands
/// (mono, resampled to 16 kHz, 512-sample frames, digital-silence frames left out), and a nearest-class-mean classifier is cross-validated over
/// the dataset's folds (means from the other folds, Euclidean distance). Returns accuracy over all clips.
/// A strong learned model should beat it clearly; near 100% means the data is trivial.
/// </summary>
public static class BandEnergyProbe
{
    public const int SampleRate = 16000;
    public const int FrameLength = 512;
    public const int Bands = 24;
    private const double LowestBandHz = 50;

    public static double CrossValidatedAccuracy(DatasetIndex index, Func<string, AudioClip>? decode = null)
    {
        decode ??= path => AudioDecoder.Read(path);
        var features = new double[index.Clips.Count][];
        Parallel.For(0, features.Length, i => features[i] = Features(decode(index.Clips[i].Path)));
        var correct = 0;
        foreach (var fold in index.Folds)
        {
            var means = ClassMeans(index, features, fold);
            for (var i = 0; i < features.Length; i++)
                if (index.Clips[i].Fold == fold && Nearest(means, features[i]) == index.Clips[i].Label) correct++;
        }
        return (double)correct / features.Length;
    }

    /// <summary>Mean over frames of log(band energy + 1e-10) in <see cref="Bands"/> log-spaced bands from 50 Hz to 8 kHz.</summary>
    public static double[] Features(AudioClip clip)
    {
        var mono = Resampler.Default.Resample(clip.MixToMono(), clip.SampleRate, SampleRate);
        var edges = Enumerable.Range(0, Bands + 1)
            .Select(b => (int)Math.Round(LowestBandHz * Math.Pow(SampleRate / 2.0 / LowestBandHz, (double)b / Bands) * FrameLength / SampleRate))
            .ToArray();
        var sums = new double[Bands];
        var frames = 0;
        var re = new double[FrameLength];
        var im = new double[FrameLength];
        for (var start = 0; start + FrameLength <= Math.Max(mono.Length, FrameLength); start += FrameLength, frames++)
        {
            for (var k = 0; k < FrameLength; k++)
            {
                var window = 0.5 - 0.5 * Math.Cos(2 * Math.PI * k / FrameLength);
                re[k] = start + k < mono.Length ? mono[start + k] * window : 0;
                im[k] = 0;
            }
            Fft.Transform(re, im);
            if (IsDigitalSilence(re, im)) { frames--; continue; }
            for (var b = 0; b < Bands; b++)
            {
                var energy = 0.0;
                for (var bin = edges[b]; bin <= Math.Max(edges[b], edges[b + 1] - 1); bin++) energy += re[bin] * re[bin] + im[bin] * im[bin];
                sums[b] += Math.Log(energy + 1e-10);
            }
        }
        return sums.Select(s => frames == 0 ? 0 : s / frames).ToArray();
    }

    /// <summary>Padding such as ESC-50's trailing zeros carries no class information; its frames are left out.</summary>
    private static bool IsDigitalSilence(double[] re, double[] im)
    {
        var energy = 0.0;
        for (var k = 0; k < re.Length; k++) energy += re[k] * re[k] + im[k] * im[k];
        return energy < 1e-12;
    }

    private static Dictionary<int, double[]> ClassMeans(DatasetIndex index, double[][] features, int heldOutFold)
    {
        var means = new Dictionary<int, double[]>();
        var counts = new Dictionary<int, int>();
        for (var i = 0; i < features.Length; i++)
        {
            var clip = index.Clips[i];
            if (clip.Fold == heldOutFold) continue;
            if (!means.TryGetValue(clip.Label, out var sum)) means[clip.Label] = sum = new double[features[i].Length];
            for (var d = 0; d < sum.Length; d++) sum[d] += features[i][d];
            counts[clip.Label] = counts.GetValueOrDefault(clip.Label) + 1;
        }
        foreach (var (label, sum) in means)
            for (var d = 0; d < sum.Length; d++) sum[d] /= counts[label];
        return means;
    }

    private static int Nearest(Dictionary<int, double[]> means, double[] feature) =>
        means.MinBy(m => m.Value.Zip(feature, (a, b) => (a - b) * (a - b)).Sum()).Key;
}
