using TorchSharp;
using static TorchSharp.torch;

namespace Grid.Learning.Pretraining;

/// <summary>
/// Noise-contrastive estimation as in NPID (Wu et al. 2018): a binary classifier tells the positive (the
/// clip's own memory entry) from K noise entries drawn uniformly, Pn = 1/n.
/// </summary>
public static class NceLoss
{
    private const double Epsilon = 1e-7;

    /// <summary>
    /// The mean over the batch of −log h(positive) − Σ log(1 − h(noise)), where h(x) = P/(P + K·Pn) and
    /// <paramref name="probabilities"/> N×(1+K) holds the normalised model probabilities exp(v·f/t)/Z, positive first.
    /// </summary>
    public static Tensor Compute(Tensor probabilities, long dataSize)
    {
        var noiseCount = probabilities.shape[1] - 1;
        var noiseMass = noiseCount / (double)dataSize;                          // K·Pn
        using var noiseMassScalar = noiseMass.ToScalar();   // explicit and held: an implicit temporary can be finalised mid-call
        using var shift = (noiseMass + Epsilon).ToScalar();
        using var one = 1.ToScalar();
        using var denominator = probabilities.add(shift, one);                 // N×(1+K)
        using var positive = probabilities.narrow(1, 0, 1);                     // N×1
        using var positiveDenominator = denominator.narrow(1, 0, 1);
        using var positiveOdds = positive / positiveDenominator;
        using var logPositive = positiveOdds.log();
        using var noiseDenominator = denominator.narrow(1, 1, noiseCount);     // N×K
        using var noiseOdds = noiseDenominator.reciprocal().mul(noiseMassScalar);
        using var logNoise = noiseOdds.log();
        using var perClip = logPositive.sum(1).add(logNoise.sum(1), one);              // N
        return perClip.mean().neg();
    }
}
