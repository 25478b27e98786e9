namespace Grid.Learning.Audio;

/// <summary>A random window of fixed length; shorter clips are zero-padded at a random offset instead.</summary>
public sealed class RandomCrop : IWaveformAugmentation
{
    readonly int _length;

    /// <param name="length">Output length in samples (e.g. FeatureOptions.ClipSeconds × SampleRate).</param>
    public RandomCrop(int length)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 1);
        _length = length;
    }

    public float[] Apply(float[] waveform, Random random) => FixedLength.Random(waveform, _length, random);
}
