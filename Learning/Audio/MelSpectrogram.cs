using TorchSharp;
using static TorchSharp.torch;

namespace Grid.Learning.Audio;

/// <summary>
/// Mel power spectrogram as torchaudio's <c>MelSpectrogram</c> computes it: STFT with a periodic Hann
/// window of nFft samples, centre padding by reflection, power 2, then the mel filterbank. Computed in
/// float64 by default (the reference path: <c>grid features</c>, the torchaudio comparisons) and returned as float32;
/// matches torchaudio 0.13 within 1e-4 relative (docs/audio.md). Training batches compute in float32
/// (<see cref="Precision"/>), as torchaudio itself does, at about half the cost.
/// </summary>
public sealed class MelSpectrogram : IDisposable
{
    // Both are built in float32, as torchaudio builds them, then widened for a float64 STFT and
    // product, so the weights carry the same rounding as torchaudio's.
    readonly Tensor _window;     // nFft, periodic Hann
    readonly Tensor _filterbank; // (nFft/2+1) × nMels

    public int NFft { get; }
    public int HopLength { get; }
    public int NMels { get; }

    /// <summary>The type the STFT and the filterbank product are computed in: Float64 (default) or Float32.</summary>
    public ScalarType Precision { get; }

    /// <param name="sampleRate">Rate of the waveforms (Hz).</param>
    /// <param name="nFft">FFT size and window length (torchaudio default 400).</param>
    /// <param name="hopLength">Frame step (torchaudio default nFft/2).</param>
    /// <param name="nMels">Mel bands (torchaudio default 128).</param>
    /// <param name="fMin">Lowest filter edge in Hz (default 0).</param>
    /// <param name="fMax">Highest filter edge in Hz; null is sampleRate div 2 (torchaudio's default).</param>
    /// <param name="scale">Mel scale (torchaudio default HTK).</param>
    /// <param name="slaneyNorm">Divide each triangle by its width in Hz / 2 (torchaudio norm="slaney").</param>
    /// <param name="precision">Float64 (default, the reference) or Float32 (training batches).</param>
    public MelSpectrogram(int sampleRate, int nFft, int hopLength, int nMels, double fMin = 0, double? fMax = null,
        MelScale scale = MelScale.Htk, bool slaneyNorm = false, ScalarType precision = ScalarType.Float64)
    {
        if (precision is not (ScalarType.Float64 or ScalarType.Float32))
            throw new ArgumentOutOfRangeException(nameof(precision), precision, "precision must be Float64 or Float32");
        Precision = precision;
        ArgumentOutOfRangeException.ThrowIfLessThan(sampleRate, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(nFft, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(hopLength, 1);
        NFft = nFft;
        HopLength = hopLength;
        NMels = nMels;
        var nFreqs = nFft / 2 + 1;
        using (var weights = MelFilterbank.Create(nFreqs, fMin, fMax ?? sampleRate / 2, nMels, sampleRate, scale, slaneyNorm))
            _filterbank = weights.to(precision).DetachFromDisposeScope();
        using (var window = hann_window(nFft, periodic: true, dtype: ScalarType.Float32))
            _window = window.to(precision).DetachFromDisposeScope();
    }

    /// <summary>The spectrogram for one of <paramref name="options"/>' windows (its NFft unless overridden).</summary>
    public static MelSpectrogram FromOptions(FeatureOptions options, int? nFft = null, ScalarType precision = ScalarType.Float64) =>
        new(options.SampleRate, nFft ?? options.NFft, options.HopLength, options.NMels, options.FMin, options.FMax,
            options.MelScale, options.SlaneyNorm, precision);

    /// <summary>Frames for a waveform of <paramref name="samples"/> samples (centred frames).</summary>
    public long FrameCount(long samples) => 1 + samples / HopLength;

    /// <summary>Mel power of waveforms (..., time) as float32 (..., nMels, frames).</summary>
    public Tensor Power(Tensor waveform)
    {
        var samples = waveform.shape[^1];
        if (samples <= NFft / 2)
            throw new ArgumentException($"waveform of {samples} samples is too short for reflect padding by nFft/2 = {NFft / 2}");
        using var scope = NewDisposeScope();
        var batchShape = waveform.shape[..^1];
        var flat = waveform.to(Precision).reshape(-1, samples);                       // B × time
        var spectrum = stft(flat, NFft, HopLength, NFft, _window.to(flat.device), center: true,
            pad_mode: PaddingModes.Reflect, normalized: false, onesided: true, return_complex: true); // B × freqs × frames
        using var two = 2.ToScalar();   // held until pow returns: an implicit temporary may be finalised during the call
        var power = spectrum.abs().pow(two);
        var mel = matmul(power.transpose(1, 2), _filterbank.to(flat.device)).transpose(1, 2);   // B × nMels × frames
        return mel.reshape([.. batchShape, NMels, mel.shape[^1]]).to(ScalarType.Float32).MoveToOuterDisposeScope();
    }

    public void Dispose()
    {
        _window.Dispose();
        _filterbank.Dispose();
    }
}
