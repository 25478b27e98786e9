using static TorchSharp.torch;

namespace Grid.Learning.Audio;

/// <summary>
/// SpecAugment's frequency and time masking (Park et al., 2019) on normalised features: each mask
/// has a width drawn uniformly from [0, max] and a uniform start, and sets that band or span to
/// <c>maskValue</c> in every channel. Applied after <see cref="FeatureNormalizer"/>, so 0 is the mean.
/// </summary>
public sealed class SpecAugment
{
    readonly int _frequencyMasks;
    readonly int _maxFrequencyWidth;
    readonly int _timeMasks;
    readonly int _maxTimeWidth;
    readonly float _maskValue;

    /// <param name="frequencyMasks">Frequency masks per example (Park et al. LibriSpeech policies: 1 or 2).</param>
    /// <param name="maxFrequencyWidth">Widest frequency mask in mel bins (Park et al.: 27 of 80 bins; 8 suits 64 bins).</param>
    /// <param name="timeMasks">Time masks per example (Park et al.: 1 or 2).</param>
    /// <param name="maxTimeWidth">Widest time mask in frames (Park et al.: 100 frames of 10 ms; 16 suits 32 ms frames of 4 s clips).</param>
    /// <param name="maskValue">Value written into masked cells (0, the mean after normalisation).</param>
    public SpecAugment(int frequencyMasks = 2, int maxFrequencyWidth = 8, int timeMasks = 2, int maxTimeWidth = 16, float maskValue = 0f)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(frequencyMasks);
        ArgumentOutOfRangeException.ThrowIfNegative(maxFrequencyWidth);
        ArgumentOutOfRangeException.ThrowIfNegative(timeMasks);
        ArgumentOutOfRangeException.ThrowIfNegative(maxTimeWidth);
        (_frequencyMasks, _maxFrequencyWidth, _timeMasks, _maxTimeWidth, _maskValue) =
            (frequencyMasks, maxFrequencyWidth, timeMasks, maxTimeWidth, maskValue);
    }

    /// <summary>A masked copy of one example C × nMels × frames; all choices come from <paramref name="random"/>.</summary>
    public Tensor Apply(Tensor features, Random random)
    {
        if (features.dim() != 3) throw new ArgumentException($"expected C × nMels × frames, got ({string.Join(", ", features.shape)})");
        var masked = features.clone();
        using var maskValue = tensor(_maskValue);   // explicit and held, not an implicit float-to-tensor temporary
        foreach (var (start, width) in DrawMasks(_frequencyMasks, _maxFrequencyWidth, (int)features.shape[1], random))
            masked[.., start..(start + width), ..] = maskValue;
        foreach (var (start, width) in DrawMasks(_timeMasks, _maxTimeWidth, (int)features.shape[2], random))
            masked[.., .., start..(start + width)] = maskValue;
        return masked;
    }

    /// <summary>Masks as (start, width), width in [0, min(max, size)], start in [0, size − width]; empty masks are dropped.</summary>
    static IEnumerable<(int Start, int Width)> DrawMasks(int count, int maxWidth, int size, Random random)
    {
        for (var i = 0; i < count; i++)
        {
            var width = random.Next(Math.Min(maxWidth, size) + 1);
            var start = random.Next(size - width + 1);
            if (width > 0) yield return (start, width);
        }
    }
}
