using TorchSharp;
using static TorchSharp.torch;

namespace Grid.Learning.Audio;

/// <summary>
/// Triangular mel filters over the bins of a one-sided spectrum, built step for step as torchaudio's
/// <c>melscale_fbanks</c> builds them (in float32, so the weights agree to the last bit or two): HTK or
/// Slaney mel scale, optional Slaney area normalisation.
/// </summary>
public static class MelFilterbank
{
    /// <summary>Slaney's scale is linear below 1 kHz (3 mels per 200 Hz) and logarithmic above.</summary>
    const double SlaneyLinearHzPerMel = 200.0 / 3;
    const double SlaneyLogStartHz = 1000.0;
    const double SlaneyLogStartMel = SlaneyLogStartHz / SlaneyLinearHzPerMel;
    static readonly double SlaneyLogStep = Math.Log(6.4) / 27.0;

    // Scalars held for the process: TorchSharp's implicit temporaries can be finalised during the native call.
    static readonly Scalar Zero = 0.ToScalar();
    static readonly Scalar Two = 2.0.ToScalar();
    static readonly Scalar One = 1.0.ToScalar();
    static readonly Scalar HtkMelsPerDecade = 2595.0.ToScalar();
    static readonly Scalar HtkBreakHz = 700.0.ToScalar();
    static readonly Scalar SlaneyLogStartMelScalar = SlaneyLogStartMel.ToScalar();
    static readonly Scalar SlaneyLogStepScalar = SlaneyLogStep.ToScalar();
    static readonly Scalar SlaneyLogStartHzScalar = SlaneyLogStartHz.ToScalar();
    static readonly Scalar SlaneyLinearHzPerMelScalar = SlaneyLinearHzPerMel.ToScalar();

    /// <summary>Filter weights nFreqs × nMels (float32), frequency bin by mel band.</summary>
    /// <param name="nFreqs">Spectrum bins, nFft/2 + 1; bin k sits at k·(sampleRate div 2)/(nFreqs − 1) Hz as in torchaudio.</param>
    public static Tensor Create(int nFreqs, double fMin, double fMax, int nMels, int sampleRate, MelScale scale, bool slaneyNorm)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(nFreqs, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(nMels, 1);
        if (fMin < 0 || fMax <= fMin)
            throw new ArgumentOutOfRangeException(nameof(fMax), $"need 0 ≤ fMin < fMax, got fMin {fMin}, fMax {fMax}");

        using var scope = NewDisposeScope();
        var binHz = linspace(0, sampleRate / 2, nFreqs, dtype: ScalarType.Float32);                         // nFreqs
        var edgesHz = MelToHz(linspace(HzToMel(fMin, scale), HzToMel(fMax, scale), nMels + 2, dtype: ScalarType.Float32), scale); // nMels+2
        var edgeGaps = edgesHz[1..] - edgesHz[..^1];                                                         // nMels+1
        var offsets = edgesHz.unsqueeze(0) - binHz.unsqueeze(1);                                            // nFreqs × (nMels+2)
        var rising = -offsets[.., ..^2] / edgeGaps[..^1];
        var falling = offsets[.., 2..] / edgeGaps[1..];
        var weights = minimum(rising, falling).clamp_min(Zero);                                                // nFreqs × nMels
        if (slaneyNorm) weights *= (edgesHz[2..] - edgesHz[..nMels]).reciprocal().mul(Two).unsqueeze(0);   // 2 / width
        return weights.MoveToOuterDisposeScope();
    }

    public static double HzToMel(double hz, MelScale scale) => scale switch
    {
        MelScale.Htk => 2595.0 * Math.Log10(1.0 + hz / 700.0),
        _ => hz < SlaneyLogStartHz
            ? hz / SlaneyLinearHzPerMel
            : SlaneyLogStartMel + Math.Log(hz / SlaneyLogStartHz) / SlaneyLogStep,
    };

    public static double MelToHz(double mel, MelScale scale) => scale switch
    {
        MelScale.Htk => 700.0 * (Math.Pow(10, mel / 2595.0) - 1.0),
        _ => mel < SlaneyLogStartMel
            ? mel * SlaneyLinearHzPerMel
            : SlaneyLogStartHz * Math.Exp(SlaneyLogStep * (mel - SlaneyLogStartMel)),
    };

    /// <summary>Element-wise <see cref="MelToHz(double, MelScale)"/> in the tensor's precision.</summary>
    static Tensor MelToHz(Tensor mels, MelScale scale) => scale switch
    {
        MelScale.Htk => pow(tensor(10.0), mels.div(HtkMelsPerDecade)).sub(One).mul(HtkBreakHz),   // 10 as a 0-dim tensor held by the caller's scope
        _ => where(mels.ge(SlaneyLogStartMelScalar),
            exp(mels.sub(SlaneyLogStartMelScalar).mul(SlaneyLogStepScalar)).mul(SlaneyLogStartHzScalar),
            mels.mul(SlaneyLinearHzPerMelScalar)),
    };
}
