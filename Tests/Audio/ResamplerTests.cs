using Grid.Learning.Audio;
using Xunit;

namespace Grid.Tests.Audio;

[Trait("Category", "Unit")]
public sealed class ResamplerTests
{
    const int Margin = 200; // samples at each end where the kernel runs off the signal

    [Theory]
    [InlineData(44100, 16000, 1000.0)]
    [InlineData(192000, 16000, 3000.0)]
    [InlineData(8000, 16000, 440.0)]
    [InlineData(11025, 22050, 2500.0)]
    [InlineData(22050, 16000, 5000.0)]
    public void SineKeepsItsFrequencyAndLevel(int fromRate, int toRate, double frequency)
    {
        var input = Signals.Sine(frequency, fromRate, fromRate / 4);
        var output = Resampler.Default.Resample(input, fromRate, toRate);
        Assert.Equal(frequency, Signals.ZeroCrossingFrequency(output, toRate, Margin), frequency * 1e-4);
        Assert.Equal(0.5 / Math.Sqrt(2), Signals.Rms(output, Margin), 0.005);
    }

    [Theory]
    [InlineData(44100, 16000, 8600.0)]
    [InlineData(44100, 16000, 12000.0)]
    [InlineData(44100, 16000, 20000.0)]
    [InlineData(48000, 8000, 4400.0)]
    [InlineData(96000, 44100, 30000.0)]
    public void ContentAboveTheNewNyquistIsAttenuatedBy40Decibels(int fromRate, int toRate, double frequency)
    {
        var input = Signals.Sine(frequency, fromRate, fromRate / 4, amplitude: 1.0);
        var output = Resampler.Default.Resample(input, fromRate, toRate);
        var attenuationDb = 20 * Math.Log10(Signals.Rms(output, Margin) / Signals.Rms(input, Margin));
        Assert.True(attenuationDb <= -40, $"{frequency} Hz from {fromRate} to {toRate}: {attenuationDb:F1} dB");
    }

    [Theory]
    [InlineData(44100, 16000)]
    [InlineData(11025, 16000)]
    public void PolyphaseTableAgreesWithDirectEvaluation(int fromRate, int toRate)
    {
        var input = Signals.Sine(777, fromRate, fromRate / 10);
        var table = Resampler.Default.Resample(input, fromRate, toRate);
        var direct = Resampler.Default.ResampleByRatio(input, (double)toRate / fromRate);
        Assert.Equal(table.Length, direct.Length);
        Assert.All(table.Zip(direct), pair => Assert.Equal(pair.Second, pair.First, 1e-5f));
    }

    [Fact]
    public void RatePairsTooFineForATableStillResample()
    {
        var input = Signals.Sine(1234, 44101, 44101 / 4);
        var output = Resampler.Default.Resample(input, 44101, 96001); // 96001 phases: no table
        Assert.Equal(1234, Signals.ZeroCrossingFrequency(output, 96001, Margin), 1234 * 1e-4);
    }

    [Fact]
    public void EqualRatesAreTheIdentity()
    {
        var input = Signals.Sine(123, 16000, 1000);
        var output = Resampler.Default.Resample(input, 16000, 16000);
        Assert.Equal(input, output);
        Assert.NotSame(input, output);
    }

    [Theory]
    [InlineData(44100, 16000, 44100, 16000)]
    [InlineData(44101, 16000, 44100, 16001)]
    [InlineData(1000, 48000, 8000, 6000)]
    public void LengthIsTheCeilingOfTheScaledLength(int length, int toRate, int fromRate, int expected) =>
        Assert.Equal(expected, Resampler.Default.Resample(new float[length], fromRate, toRate).Length);

    [Fact]
    public void ClipChannelsAreResampledTogether()
    {
        var clip = new AudioClip([Signals.Sine(500, 32000, 3200), new float[3200]], 32000);
        var resampled = Resampler.Default.Resample(clip, 16000);
        Assert.Equal(16000, resampled.SampleRate);
        Assert.Equal([1600, 1600], resampled.Channels.Select(c => c.Length));
        Assert.All(resampled.Channels[1], x => Assert.Equal(0f, x));
    }
}
