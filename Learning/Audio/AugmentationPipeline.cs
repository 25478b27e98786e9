namespace Grid.Learning.Audio;

/// <summary>Augmentations applied in order, all drawing from one seeded <see cref="Random"/>.</summary>
public sealed class AugmentationPipeline(params IWaveformAugmentation[] steps) : IWaveformAugmentation
{
    public IReadOnlyList<IWaveformAugmentation> Steps { get; } = steps;

    public float[] Apply(float[] waveform, Random random) =>
        Steps.Aggregate((float[])waveform.Clone(), (signal, step) => step.Apply(signal, random));
}
