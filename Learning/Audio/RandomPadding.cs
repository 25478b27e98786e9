namespace Grid.Learning.Audio;

/// <summary>
/// Zero-pads to at least a minimum length with the signal at a random offset (ESResNet's RandomPadding);
/// longer signals pass unchanged.
/// </summary>
public sealed class RandomPadding : IWaveformAugmentation
{
    readonly int _minimumLength;

    /// <param name="minimumLength">Length in samples that shorter clips are padded to.</param>
    public RandomPadding(int minimumLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(minimumLength, 1);
        _minimumLength = minimumLength;
    }

    public float[] Apply(float[] waveform, Random random) =>
        waveform.Length >= _minimumLength
            ? (float[])waveform.Clone()
            : FixedLength.Random(waveform, _minimumLength, random);
}
