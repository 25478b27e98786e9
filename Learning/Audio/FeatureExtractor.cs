using static TorchSharp.torch;

namespace Grid.Learning.Audio;

/// <summary>
/// Waveform to encoder input, as <see cref="FeatureOptions"/> says: a 3 × nMels × frames log-mel image,
/// either one log-mel stacked three times (the thesis, ESResNet) or, with MultiResolution, log-mels from
/// windows of NFft/2, NFft and 2·NFft samples with the same hop, so their frame counts agree.
/// </summary>
public sealed class FeatureExtractor : IDisposable
{
    readonly MelSpectrogram[] _spectrograms; // one, or three in window order
    readonly LogCompression _compression;

    public FeatureOptions Options { get; }

    /// <param name="options">What the features are.</param>
    /// <param name="precision">
    /// Float64 (default): the reference path of <c>grid features</c> and the torchaudio comparisons. Float32: training
    /// batches (<see cref="Training.FeaturePipeline"/>): a natural-log log-mel within a few 1e-6 of float64's on a test signal.
    /// </param>
    public FeatureExtractor(FeatureOptions options, ScalarType precision = ScalarType.Float64)
    {
        Options = options;
        _compression = options.Log;
        int[] windows = options.MultiResolution ? [options.NFft / 2, options.NFft, options.NFft * 2] : [options.NFft];
        _spectrograms = windows.Select(nFft => MelSpectrogram.FromOptions(options, nFft, precision)).ToArray();
    }

    /// <summary>The mono waveform at the feature sample rate: channels averaged, then resampled.</summary>
    public float[] Waveform(AudioClip clip) =>
        Resampler.Default.Resample(clip.MixToMono(), clip.SampleRate, Options.SampleRate);

    /// <summary>Samples in a clip of <see cref="FeatureOptions.ClipSeconds"/>.</summary>
    public int ClipSamples => (int)Math.Round(Options.ClipSeconds * Options.SampleRate);

    /// <summary>Frames for a waveform of <paramref name="samples"/> samples.</summary>
    public long FrameCount(long samples) => _spectrograms[0].FrameCount(samples);

    /// <summary>Features of waveforms (..., time) as float32 (..., 3, nMels, frames).</summary>
    public Tensor Extract(Tensor waveforms)
    {
        using var scope = NewDisposeScope();
        var channels = _spectrograms
            .Select(spectrogram => LogMel.Compress(spectrogram.Power(waveforms), _compression)) // each: ... × nMels × frames
            .ToArray();
        var features = channels.Length == 1
            ? stack([channels[0], channels[0], channels[0]], dim: -3)
            : stack(channels, dim: -3);
        return features.MoveToOuterDisposeScope();
    }

    /// <summary>Features of one mono waveform, C-order 3 × nMels × frames.</summary>
    public float[] Extract(float[] waveform)
    {
        using var scope = NewDisposeScope();
        return Extract(tensor(waveform)).data<float>().ToArray();
    }

    public void Dispose()
    {
        foreach (var spectrogram in _spectrograms) spectrogram.Dispose();
    }
}
