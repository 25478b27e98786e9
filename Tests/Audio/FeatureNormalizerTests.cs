using Grid.Learning.Audio;
using TorchSharp;
using Xunit;

namespace Grid.Tests.Audio;

[Trait("Category", "Unit")]
public sealed class FeatureNormalizerTests
{
    /// <summary>C-order 2 × 3 × frames features whose bin (c, m) at frame t is offset + scale·(c·3 + m + 1)·value(t).</summary>
    static float[] Clip(int frames, float offset, Func<int, float> value)
    {
        var features = new float[2 * 3 * frames];
        for (var bin = 0; bin < 6; bin++)
            for (var t = 0; t < frames; t++)
                features[bin * frames + t] = offset + (bin + 1) * value(t);
        return features;
    }

    [Fact]
    public void StatisticsArePerBinOverAllFramesOfAllClips()
    {
        var statistics = new FeatureStatistics(2, 3);
        var first = Clip(4, 1f, t => t);           // per bin: (bin+1)·{0,1,2,3} + 1
        var second = Clip(6, 1f, t => 10 - t);      // per bin: (bin+1)·{10..5} + 1
        statistics.Add(first);
        statistics.Add(second);
        var normalizer = statistics.ToNormalizer();
        for (var bin = 0; bin < 6; bin++)
        {
            var values = first.Skip(bin * 4).Take(4).Concat(second.Skip(bin * 6).Take(6)).Select(v => (double)v).ToArray();
            var mean = values.Average();
            var std = Math.Sqrt(values.Select(v => (v - mean) * (v - mean)).Average());
            Assert.Equal(mean, normalizer.Mean[bin], 1e-4);
            Assert.Equal(std, normalizer.Std[bin], 1e-4);
        }
    }

    [Fact]
    public void TrainingFeaturesBecomeZeroMeanUnitVariance()
    {
        var statistics = new FeatureStatistics(2, 3);
        var random = new Random(5);
        var clips = Enumerable.Range(0, 3).Select(_ => Clip(50, 3f, _ => (float)random.NextDouble() * 4)).ToArray();
        foreach (var clip in clips) statistics.Add(clip);
        var normalizer = statistics.ToNormalizer();
        var normalised = clips.Select(normalizer.Apply).ToArray();
        for (var bin = 0; bin < 6; bin++)
        {
            var values = normalised.SelectMany(c => c.Skip(bin * 50).Take(50)).ToArray();
            Assert.Equal(0, values.Average(), 1e-4);
            Assert.Equal(1, Math.Sqrt(values.Select(v => (double)v * v).Average()), 1e-4);
        }
    }

    [Fact]
    public void TensorAndArrayPathsAgreeAndOtherClipsUseTheFittedStatistics()
    {
        var normalizer = new FeatureNormalizer(2, 3, [0, 1, 2, 3, 4, 5], [1, 2, 4, 0.5f, 1, 0]);
        var clip = Clip(3, 2f, t => t);
        var array = normalizer.Apply(clip);
        Assert.Equal((clip[3] - 1) / 2f, array[3]);                             // bin 1, frame 0
        Assert.Equal((clip[17] - 5) / FeatureNormalizer.MinimumStd, array[17]);  // bin 5 has std 0
        using var scope = torch.NewDisposeScope();
        var batch = torch.tensor(clip, [1, 2, 3, 3]);
        Assert.Equal(array, normalizer.Apply(batch).data<float>().ToArray());
    }

    [Fact]
    public void SerialisationRoundTrips()
    {
        var normalizer = new FeatureNormalizer(1, 2, [0.5f, -1f], [2f, 3f]);
        var copy = FeatureNormalizer.FromBytes(normalizer.ToBytes());
        Assert.Equal((1, 2), (copy.Channels, copy.Mels));
        Assert.Equal(normalizer.Mean, copy.Mean);
        Assert.Equal(normalizer.Std, copy.Std);
        var inconsistent = new FeatureNormalizer(2, 2, [0.5f, -1f], [2f, 3f]).ToBytes();
        Assert.Contains("2 × 2 bins holds 2 means", Assert.Throws<InvalidDataException>(() => FeatureNormalizer.FromBytes(inconsistent)).Message);
    }

    [Fact]
    public void MismatchedShapesAreNamed()
    {
        var normalizer = new FeatureNormalizer(3, 4, new float[12], new float[12]);
        using var scope = torch.NewDisposeScope();
        Assert.Contains("are not (..., 3, 4, frames)", Assert.Throws<ArgumentException>(() => normalizer.Apply(torch.zeros(3, 5, 7))).Message);
        Assert.Throws<ArgumentException>(() => normalizer.Apply(new float[13]));
        Assert.Throws<ArgumentException>(() => new FeatureStatistics(3, 4).Add(new float[10]));
        Assert.Throws<InvalidOperationException>(() => new FeatureStatistics(3, 4).ToNormalizer());
    }
}
