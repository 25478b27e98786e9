namespace Grid.Learning.Audio;

/// <summary>
/// Pitch shift with the length kept: a phase-vocoder time stretch by 2^(−s/12), then resampling by
/// 2^(s/12) back to the original duration (librosa's method).
/// </summary>
public sealed class PitchShift
{
    readonly PhaseVocoder _vocoder;
    readonly Resampler _resampler;

    /// <param name="nFft">Phase-vocoder frame (librosa: 2048); smaller frames smear transients less.</param>
    public PitchShift(int nFft = 2048, Resampler? resampler = null)
    {
        _vocoder = new PhaseVocoder(nFft);
        _resampler = resampler ?? Resampler.Default;
    }

    /// <summary>The waveform shifted by <paramref name="semitones"/> (positive is higher), same length.</summary>
    public float[] Shift(float[] waveform, double semitones)
    {
        if (semitones == 0) return (float[])waveform.Clone();
        var rate = Math.Pow(2, -semitones / 12);                      // < 1 slows down for an upward shift
        var stretched = _vocoder.Stretch(waveform, rate);           // about n / rate samples, same pitch
        var shifted = _resampler.ResampleByRatio(stretched, rate);  // back to about n samples, pitch × 2^(s/12)
        return FixedLength.Fit(shifted, waveform.Length, 0);
    }
}
