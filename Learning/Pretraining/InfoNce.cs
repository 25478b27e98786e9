using TorchSharp;
using static TorchSharp.torch;

namespace Grid.Learning.Pretraining;

/// <summary>The InfoNCE loss of MoCo: each query must pick its own key out of 1 + K candidates.</summary>
public static class InfoNce
{
    /// <summary>
    /// Logits of queries against their positive keys and a queue of negatives, positive first.
    /// All inputs L2-normalised: queries N×C, keys N×C, negatives K×C.
    /// </summary>
    public static Tensor Logits(Tensor queries, Tensor keys, Tensor negatives, double temperature)
    {
        using var positive = (queries * keys).sum(1, keepdim: true);   // N×1
        using var negative = queries.matmul(negatives.t());              // N×K
        using var joined = cat([positive, negative], 1);                 // logits: N×(1+K)
        using var temperatureScalar = temperature.ToScalar();   // held: an implicit temporary can be finalised mid-call
        return joined.div(temperatureScalar);
    }

    /// <summary>Cross entropy with the positive at index 0 of every row of N×(1+K) logits.</summary>
    public static Tensor Loss(Tensor logits)
    {
        using var targets = zeros(logits.shape[0], dtype: ScalarType.Int64, device: logits.device);
        return nn.functional.cross_entropy(logits, targets);
    }
}
