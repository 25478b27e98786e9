namespace Grid.Learning.Audio;

/// <summary>Time reversal with a given probability; optionally also polarity inversion, drawn independently.</summary>
public sealed class RandomFlip : IWaveformAugmentation
{
    readonly double _probability;
    readonly bool _invertPolarity;

    /// <param name="probability">Chance of each flip (ESResNet: 0.5).</param>
    /// <param name="invertPolarity">Also negate the samples with the same probability.</param>
    public RandomFlip(double probability = 0.5, bool invertPolarity = false)
    {
        if (probability is < 0 or > 1) throw new ArgumentOutOfRangeException(nameof(probability), probability, "must be in [0, 1]");
        _probability = probability;
        _invertPolarity = invertPolarity;
    }

    public float[] Apply(float[] waveform, Random random)
    {
        var output = (float[])waveform.Clone();
        if (random.NextDouble() < _probability) Array.Reverse(output);
        if (_invertPolarity && random.NextDouble() < _probability)
            for (var i = 0; i < output.Length; i++) output[i] = -output[i];
        return output;
    }
}
