namespace Grid.Learning.Audio;

/// <summary>
/// Time stretching without changing pitch: STFT, magnitudes interpolated between frames with the
/// phase advanced by each bin's measured instantaneous frequency, then overlap-add resynthesis.
/// </summary>
public sealed class PhaseVocoder
{
    readonly int _nFft;
    readonly int _hop;
    readonly double[] _window;

    /// <param name="nFft">Frame length, a power of two (librosa's default 2048).</param>
    /// <param name="hopLength">Frame step; nFft/4 (librosa's default) gives overlap-add a flat Hann² sum.</param>
    public PhaseVocoder(int nFft = 2048, int? hopLength = null)
    {
        if (nFft < 4 || (nFft & (nFft - 1)) != 0) throw new ArgumentOutOfRangeException(nameof(nFft), nFft, "must be a power of two ≥ 4");
        _nFft = nFft;
        _hop = hopLength ?? nFft / 4;
        ArgumentOutOfRangeException.ThrowIfLessThan(_hop, 1, nameof(hopLength));
        _window = Enumerable.Range(0, nFft).Select(n => 0.5 - 0.5 * Math.Cos(2 * Math.PI * n / nFft)).ToArray();
    }

    /// <summary>The signal played <paramref name="rate"/> times faster: round(n/rate) samples, pitch unchanged.</summary>
    public float[] Stretch(float[] signal, double rate)
    {
        if (!(rate > 0) || double.IsInfinity(rate)) throw new ArgumentOutOfRangeException(nameof(rate), rate, "must be positive");
        var outputLength = (int)Math.Round(signal.Length / rate);
        if (signal.Length == 0 || outputLength == 0) return new float[outputLength];
        var (magnitude, phase) = Analyse(signal);             // each: frames × bins
        var bins = _nFft / 2 + 1;
        var frames = magnitude.Length;
        var expectedAdvance = Enumerable.Range(0, bins).Select(k => 2 * Math.PI * k * _hop / _nFft).ToArray();

        var outputFrames = (int)Math.Ceiling(frames / rate);
        var stretchedMagnitude = new double[outputFrames][];
        var stretchedPhase = new double[outputFrames][];
        var accumulated = (double[])phase[0].Clone();
        for (var i = 0; i < outputFrames; i++)
        {
            var time = i * rate;
            var left = (int)time;
            var alpha = time - left;
            var right = left + 1;
            stretchedMagnitude[i] = new double[bins];
            stretchedPhase[i] = (double[])accumulated.Clone();
            for (var k = 0; k < bins; k++)
            {
                var leftMagnitude = magnitude[left][k];
                var rightMagnitude = right < frames ? magnitude[right][k] : 0;
                stretchedMagnitude[i][k] = (1 - alpha) * leftMagnitude + alpha * rightMagnitude;
                var rightPhase = right < frames ? phase[right][k] : phase[left][k] + expectedAdvance[k];
                var deviation = WrapToPi(rightPhase - phase[left][k] - expectedAdvance[k]);
                accumulated[k] += expectedAdvance[k] + deviation;
            }
        }
        return Synthesise(stretchedMagnitude, stretchedPhase, outputLength);
    }

    /// <summary>Centred (zero-padded by nFft/2) Hann-windowed STFT as magnitude and phase, frames × (nFft/2+1).</summary>
    (double[][] Magnitude, double[][] Phase) Analyse(float[] signal)
    {
        var pad = _nFft / 2;
        var frames = 1 + signal.Length / _hop;
        var magnitude = new double[frames][];
        var phase = new double[frames][];
        var real = new double[_nFft];
        var imaginary = new double[_nFft];
        for (var f = 0; f < frames; f++)
        {
            for (var n = 0; n < _nFft; n++)
            {
                var index = f * _hop + n - pad;
                real[n] = index >= 0 && index < signal.Length ? signal[index] * _window[n] : 0;
                imaginary[n] = 0;
            }
            Fft.Transform(real, imaginary);
            magnitude[f] = new double[_nFft / 2 + 1];
            phase[f] = new double[_nFft / 2 + 1];
            for (var k = 0; k <= _nFft / 2; k++)
            {
                magnitude[f][k] = Math.Sqrt(real[k] * real[k] + imaginary[k] * imaginary[k]);
                phase[f][k] = Math.Atan2(imaginary[k], real[k]);
            }
        }
        return (magnitude, phase);
    }

    /// <summary>Inverse STFT by windowed overlap-add, divided by the summed squared window.</summary>
    float[] Synthesise(double[][] magnitude, double[][] phase, int length)
    {
        var pad = _nFft / 2;
        var total = new double[length];
        var windowSum = new double[length];
        var real = new double[_nFft];
        var imaginary = new double[_nFft];
        for (var f = 0; f < magnitude.Length; f++)
        {
            for (var k = 0; k <= _nFft / 2; k++)
            {
                real[k] = magnitude[f][k] * Math.Cos(phase[f][k]);
                imaginary[k] = magnitude[f][k] * Math.Sin(phase[f][k]);
                if (k == 0 || k == _nFft / 2) continue;
                real[_nFft - k] = real[k];           // Hermitian symmetry: a real frame
                imaginary[_nFft - k] = -imaginary[k];
            }
            imaginary[0] = imaginary[_nFft / 2] = 0;
            Fft.Transform(real, imaginary, inverse: true);
            for (var n = 0; n < _nFft; n++)
            {
                var index = f * _hop + n - pad;
                if (index < 0 || index >= length) continue;
                total[index] += real[n] * _window[n];
                windowSum[index] += _window[n] * _window[n];
            }
        }
        var output = new float[length];
        for (var i = 0; i < length; i++)
            output[i] = windowSum[i] > 1e-10 ? (float)(total[i] / windowSum[i]) : 0f;
        return output;
    }

    static double WrapToPi(double angle) => angle - 2 * Math.PI * Math.Round(angle / (2 * Math.PI));
}
