namespace Grid.Learning.Audio;

/// <summary>
/// A random change to a mono waveform for training. Every random choice is drawn from the given
/// <see cref="Random"/>, which the caller seeds from <see cref="Runtime.Seeds.Derive"/>, so the same seed
/// gives the same output. The input array is never modified.
/// </summary>
public interface IWaveformAugmentation
{
    float[] Apply(float[] waveform, Random random);
}
