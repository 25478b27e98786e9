using MessagePack;
using TorchSharp;
using static TorchSharp.torch;

namespace Grid.Learning.Audio;

/// <summary>
/// Per-bin standardisation of features (C × nMels × frames): (x − mean[c, m]) / std[c, m], with statistics
/// fitted on the training folds only (<see cref="FeatureStatistics"/>) and carried in checkpoints
/// (<see cref="ToBytes"/>, MessagePack).
/// </summary>
[MessagePackObject]
public sealed record FeatureNormalizer(
    [property: Key(0)] int Channels,
    [property: Key(1)] int Mels,
    [property: Key(2)] float[] Mean,
    [property: Key(3)] float[] Std)
{
    /// <summary>Standard deviations below this (constant bins, e.g. silent padding) divide by it instead.</summary>
    public const float MinimumStd = 1e-5f;

    // Held for the process: TorchSharp's implicit Scalar temporaries can be finalised during the native call.
    private static readonly Scalar MinimumStdScalar = MinimumStd.ToScalar();

    /// <summary>Normalised copy of features (..., C, nMels, frames).</summary>
    public Tensor Apply(Tensor features)
    {
        CheckShape(features.shape);
        using var scope = NewDisposeScope();
        var mean = tensor(Mean, [Channels, Mels, 1]).to(features.device);                  // C × nMels × 1
        var std = tensor(Std, [Channels, Mels, 1]).clamp_min(MinimumStdScalar).to(features.device);
        return ((features - mean) / std).MoveToOuterDisposeScope();
    }

    /// <summary>Normalised copy of one C-order C × nMels × frames array.</summary>
    public float[] Apply(float[] features)
    {
        var frames = FramesOf(features.Length);
        var output = new float[features.Length];
        for (var bin = 0; bin < Channels * Mels; bin++)
        {
            var scale = 1f / Math.Max(Std[bin], MinimumStd);
            for (var t = 0; t < frames; t++)
            {
                var i = bin * frames + t;
                output[i] = (features[i] - Mean[bin]) * scale;
            }
        }
        return output;
    }

    public byte[] ToBytes() => MessagePackSerializer.Serialize(this);

    public static FeatureNormalizer FromBytes(byte[] bytes)
    {
        var normalizer = MessagePackSerializer.Deserialize<FeatureNormalizer>(bytes);
        var bins = normalizer.Channels * normalizer.Mels;
        if (normalizer.Mean.Length != bins || normalizer.Std.Length != bins)
            throw new InvalidDataException(
                $"feature normaliser for {normalizer.Channels} × {normalizer.Mels} bins holds {normalizer.Mean.Length} means and {normalizer.Std.Length} deviations");
        return normalizer;
    }

    int FramesOf(int length)
    {
        var bins = Channels * Mels;
        if (length % bins != 0)
            throw new ArgumentException($"features of {length} values are not {Channels} × {Mels} × frames");
        return length / bins;
    }

    void CheckShape(long[] shape)
    {
        if (shape.Length < 3 || shape[^3] != Channels || shape[^2] != Mels)
            throw new ArgumentException($"features of shape ({string.Join(", ", shape)}) are not (..., {Channels}, {Mels}, frames)");
    }
}
