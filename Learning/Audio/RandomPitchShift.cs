namespace Grid.Learning.Audio;

/// <summary>Pitch shift by a uniformly random number of semitones in [−max, max], length kept.</summary>
public sealed class RandomPitchShift : IWaveformAugmentation
{
    readonly double _maxSemitones;
    readonly PitchShift _shifter;

    /// <param name="maxSemitones">Largest shift either way (common audio augmentation: 2 to 4 semitones).</param>
    public RandomPitchShift(double maxSemitones = 2, PitchShift? shifter = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxSemitones);
        _maxSemitones = maxSemitones;
        _shifter = shifter ?? new PitchShift();
    }

    public float[] Apply(float[] waveform, Random random) =>
        _shifter.Shift(waveform, (2 * random.NextDouble() - 1) * _maxSemitones);
}
