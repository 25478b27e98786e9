using Grid.Learning.Audio;
using TorchSharp;
using Xunit;
using Xunit.Abstractions;

namespace Grid.Tests.Audio;

/// <summary>Training batches compute the log-mel in float32; the float64 path stays the reference.</summary>
[Trait("Category", "Unit")]
public sealed class Float32LogMelTests(ITestOutputHelper output)
{
    [Fact]
    public void Float32LogMelStaysWithinATenThousandthOfTheFloat64Reference()
    {
        var options = new FeatureOptions();
        using var reference = new FeatureExtractor(options);
        using var fast = new FeatureExtractor(options, torch.ScalarType.Float32);
        var random = new Random(4);
        var noise = Enumerable.Range(0, 64000).Select(_ => (float)(random.NextDouble() - 0.5) * 0.1f).ToArray();
        var sine = Signals.Sine(1000, 16000, 64000);
        var signal = noise.Zip(sine, (n, s) => n + 0.5f * s).ToArray();

        var expected = reference.Extract(signal);
        var actual = fast.Extract(signal);

        Assert.Equal(expected.Length, actual.Length);
        var worst = expected.Zip(actual, (e, a) => Math.Abs(e - a)).Max();
        output.WriteLine($"largest |float32 − float64| of the log-mel: {worst:E2}");
        Assert.True(worst < 1e-4, $"largest difference {worst}");
        Assert.NotEqual(expected, actual);   // the float32 path really is a different computation
    }

    [Fact]
    public void OnlyFloat64AndFloat32AreOffered()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new MelSpectrogram(16000, 1024, 512, 64, precision: torch.ScalarType.Float16));
        Assert.Contains("precision", error.Message);
    }
}
