using Grid.Learning.Audio;
using TorchSharp;
using Xunit;

namespace Grid.Tests.Audio;

[Trait("Category", "Unit")]
public sealed class MelFeatureTests
{
    [Theory]
    [InlineData(MelScale.Htk, 1000.0, 999.9855)]
    [InlineData(MelScale.Slaney, 1000.0, 15.0)]
    [InlineData(MelScale.Slaney, 500.0, 7.5)]
    public void MelScalesHaveTheirPublishedValues(MelScale scale, double hz, double mel)
    {
        Assert.Equal(mel, MelFilterbank.HzToMel(hz, scale), 1e-3);
        Assert.Equal(hz, MelFilterbank.MelToHz(mel, scale), 1e-2);
    }

    [Fact]
    public void FiltersAreTrianglesPeakingAtOneUnlessAreaNormalised()
    {
        using var scope = torch.NewDisposeScope();
        var plain = MelFilterbank.Create(513, 0, 8000, 40, 16000, MelScale.Slaney, slaneyNorm: false); // 513 × 40
        Assert.Equal(new long[] { 513, 40 }, plain.shape);
        Assert.True(plain.min().item<float>() >= 0);
        Assert.All(plain.max(0).values.data<float>().ToArray(), peak => Assert.InRange(peak, 0.5f, 1f));
        var normalised = MelFilterbank.Create(513, 0, 8000, 40, 16000, MelScale.Slaney, slaneyNorm: true);
        // Slaney norm makes each triangle's area (in Hz) 1: sum of weights × bin width ≈ 1.
        var areas = normalised.sum(0) * (8000.0 / 512);
        Assert.All(areas.data<float>().ToArray().Skip(2), area => Assert.Equal(1.0, area, 0.05));
    }

    [Fact]
    public void LogCompressionFollowsItsDefinition()
    {
        using var scope = torch.NewDisposeScope();
        var power = torch.tensor(new[] { 0f, 1f, 100f });
        Assert.Equal(new[] { 0f, 1f, 100f }, LogMel.Compress(power, LogCompression.None).data<float>().ToArray());
        var logged = LogMel.Compress(power, LogCompression.Log).data<float>().ToArray();
        Assert.Equal(Math.Log(1e-6), logged[0], 1e-5);
        Assert.Equal(0, logged[1], 1e-6);
        Assert.Equal(Math.Log(100), logged[2], 1e-5);
        Assert.Equal(new[] { -100f, 0f, 20f }, LogMel.Compress(power, LogCompression.Decibel).data<float>().ToArray());
    }

    [Fact]
    public void SineLightsTheMelBandHoldingItsFrequency()
    {
        using var scope = torch.NewDisposeScope();
        using var mel = new MelSpectrogram(16000, 1024, 512, 64);
        var power = mel.Power(torch.tensor(Signals.Sine(2000, 16000, 16000)));              // 64 × frames
        var loudestBand = (int)power.sum(1).argmax().item<long>();
        var centres = Enumerable.Range(1, 64).Select(i => MelFilterbank.MelToHz(MelFilterbank.HzToMel(8000, MelScale.Htk) * i / 65, MelScale.Htk));
        var nearestCentre = centres.Select((hz, band) => (Distance: Math.Abs(hz - 2000), band)).Min().band;
        Assert.Equal(nearestCentre, loudestBand);
    }

    [Fact]
    public void StackedFeaturesRepeatOneLogMelThreeTimes()
    {
        using var extractor = new FeatureExtractor(new FeatureOptions { NMels = 32, NFft = 512, HopLength = 256 });
        var features = extractor.Extract(Signals.Sine(440, 16000, 8000));
        var frames = (int)extractor.FrameCount(8000);
        Assert.Equal(32, frames);
        Assert.Equal(3 * 32 * frames, features.Length);
        var plane = 32 * frames;
        Assert.Equal(features[..plane], features[plane..(2 * plane)]);
        Assert.Equal(features[..plane], features[(2 * plane)..]);
    }

    [Fact]
    public void MultiResolutionChannelsShareFramesButDiffer()
    {
        var options = new FeatureOptions { NMels = 32, NFft = 512, HopLength = 256, MultiResolution = true };
        using var extractor = new FeatureExtractor(options);
        using var scope = torch.NewDisposeScope();
        var batch = torch.stack([torch.tensor(Signals.Sine(440, 16000, 8000)), torch.tensor(Signals.Sine(3000, 16000, 8000))]);
        var features = extractor.Extract(batch);                                                  // 2 × 3 × 32 × frames
        Assert.Equal(new long[] { 2, 3, 32, 32 }, features.shape);
        Assert.False(features[0, 0].allclose(features[0, 1]));
        Assert.False(features[0, 1].allclose(features[0, 2]));
        using var middle = MelSpectrogram.FromOptions(options);
        var single = LogMel.Compress(middle.Power(batch[1]), LogCompression.Log);
        Assert.True(features[1, 1].allclose(single));
    }

    [Fact]
    public void WaveformIsMonoAtTheFeatureRate()
    {
        using var extractor = new FeatureExtractor(new FeatureOptions { SampleRate = 8000 });
        var clip = new AudioClip([Signals.Sine(300, 16000, 1600), Signals.Sine(300, 16000, 1600)], 16000);
        var waveform = extractor.Waveform(clip);
        Assert.Equal(800, waveform.Length);
        Assert.Equal(300, Signals.ZeroCrossingFrequency(waveform, 8000, 100), 0.5);
        Assert.Equal(32000, extractor.ClipSamples);
    }

    [Fact]
    public void TooShortWaveformIsAClearError()
    {
        using var mel = new MelSpectrogram(16000, 1024, 512, 64);
        using var scope = torch.NewDisposeScope();
        var error = Assert.Throws<ArgumentException>(() => mel.Power(torch.zeros(300)));
        Assert.Contains("300 samples is too short", error.Message);
    }
}
