using Grid.Learning.Audio;
using Grid.Learning.Runtime;
using Xunit;

namespace Grid.Tests.Audio;

[Trait("Category", "Unit")]
public sealed class AugmentationTests
{
    static readonly float[] Ramp = Enumerable.Range(1, 10).Select(i => (float)i).ToArray();

    public static TheoryData<string> Augmentations => ["flip", "crop", "pad", "pitch", "pipeline"];

    static IWaveformAugmentation Create(string name) => name switch
    {
        "flip" => new RandomFlip(invertPolarity: true),
        "crop" => new RandomCrop(4000),
        "pad" => new RandomPadding(12000),
        "pitch" => new RandomPitchShift(3, new PitchShift(nFft: 512)),
        "pipeline" => new AugmentationPipeline(new RandomPadding(9000), new RandomCrop(8000), new RandomFlip()),
        _ => throw new ArgumentException(name),
    };

    [Theory]
    [MemberData(nameof(Augmentations))]
    public void SameSeedGivesTheSameOutputAndLeavesTheInputAlone(string name)
    {
        var input = Signals.Sine(700, 16000, 8000);
        var copy = (float[])input.Clone();
        var augmentation = Create(name);
        var first = augmentation.Apply(input, Seeds.Random(42, "augment", name));
        var second = augmentation.Apply(input, Seeds.Random(42, "augment", name));
        Assert.Equal(first, second);
        Assert.Equal(copy, input);
    }

    [Fact]
    public void DifferentSeedsDrawDifferentCrops()
    {
        var input = Enumerable.Range(0, 10000).Select(i => (float)i).ToArray();
        var crops = Enumerable.Range(0, 5).Select(seed => new RandomCrop(100).Apply(input, Seeds.Random(seed, "crop"))[0]);
        Assert.True(crops.Distinct().Count() > 1);
    }

    [Fact]
    public void FlipReversesTimeAndOptionallyPolarity()
    {
        var random = new Random(1);
        Assert.Equal(Ramp.Reverse(), new RandomFlip(probability: 1).Apply(Ramp, random));
        Assert.Equal(Ramp.Reverse().Select(x => -x), new RandomFlip(1, invertPolarity: true).Apply(Ramp, random));
        Assert.Equal(Ramp, new RandomFlip(probability: 0, invertPolarity: true).Apply(Ramp, random));
    }

    [Fact]
    public void FixedLengthCropsOrPadsAtTheOffset()
    {
        Assert.Equal([3f, 4f, 5f], FixedLength.Fit(Ramp, 3, 2));
        Assert.Equal([0f, 1f, 2f, 3f, 4f, 5f, 6f, 7f, 8f, 9f, 10f, 0f], FixedLength.Fit(Ramp, 12, 1));
        Assert.Equal([5f, 6f], FixedLength.Centre(Ramp, 2));
        Assert.Equal([0f, 1f, 2f, 3f, 4f, 5f, 6f, 7f, 8f, 9f, 10f, 0f, 0f], FixedLength.Centre(Ramp, 13));
        Assert.Throws<ArgumentOutOfRangeException>(() => FixedLength.Fit(Ramp, 3, 8));
    }

    [Fact]
    public void RandomCropTakesAContiguousWindowAndPadsShortClips()
    {
        var random = new Random(3);
        var window = new RandomCrop(4).Apply(Ramp, random);
        Assert.Equal(4, window.Length);
        Assert.Equal(Enumerable.Range((int)window[0], 4).Select(i => (float)i), window);

        var padded = new RandomCrop(15).Apply(Ramp, random);
        Assert.Equal(15, padded.Length);
        Assert.Equal(Ramp, padded.SkipWhile(x => x == 0).Take(10));
        Assert.Equal(55f, padded.Sum());
    }

    [Fact]
    public void RandomPaddingLeavesLongClipsAlone()
    {
        Assert.Equal(Ramp, new RandomPadding(5).Apply(Ramp, new Random(0)));
        var padded = new RandomPadding(20).Apply(Ramp, new Random(0));
        Assert.Equal(20, padded.Length);
        Assert.Equal(Ramp, padded.SkipWhile(x => x == 0).Take(10));
    }

    [Theory]
    [InlineData(2.0)]
    [InlineData(0.8)]
    public void PhaseVocoderChangesLengthButNotPitch(double rate)
    {
        const int sampleRate = 16000;
        var input = Signals.Sine(600, sampleRate, sampleRate);
        var stretched = new PhaseVocoder(1024).Stretch(input, rate);
        Assert.Equal((int)Math.Round(sampleRate / rate), stretched.Length);
        Assert.Equal(600, Signals.ZeroCrossingFrequency(stretched, sampleRate, 1024), 600 * 0.005);
    }

    [Theory]
    [InlineData(12.0, 1000.0)]
    [InlineData(-12.0, 250.0)]
    [InlineData(7.0, 749.15)]
    public void PitchShiftScalesFrequencyAndKeepsLength(double semitones, double expectedFrequency)
    {
        const int rate = 16000;
        var input = Signals.Sine(500, rate, rate);
        var shifted = new PitchShift().Shift(input, semitones);
        Assert.Equal(input.Length, shifted.Length);
        Assert.Equal(expectedFrequency, Signals.ZeroCrossingFrequency(shifted, rate, 2048), expectedFrequency * 0.005);
        Assert.Equal(Signals.Rms(input, 2048), Signals.Rms(shifted, 2048), 0.05);
    }
}
