using Grid.Learning.Audio;
using static TorchSharp.torch;

namespace Grid.Learning.Training;

/// <summary>
/// Waveforms to encoder batches: fixed-length crop or pad (random with flip and optional pitch shift for training,
/// centred for evaluation), then 3-channel log-mel features, N×3×mels×frames on the job's device.
/// </summary>
public sealed class FeaturePipeline : IDisposable
{
    private readonly FeatureExtractor extractor;
    private readonly IWaveformAugmentation augmentation;
    private readonly Device device;

    public FeaturePipeline(FeatureOptions features, TrainingOptions training, Device device)
    {
        extractor = new FeatureExtractor(features);
        ClipSamples = extractor.ClipSamples;
        if (ClipSamples < 1) throw new ArgumentException($"ClipSeconds {features.ClipSeconds} gives no samples at {features.SampleRate} Hz", nameof(features));
        augmentation = training.PitchShiftSemitones > 0
            ? new AugmentationPipeline(new RandomCrop(ClipSamples), new RandomFlip(), new RandomPitchShift(training.PitchShiftSemitones))
            : new AugmentationPipeline(new RandomCrop(ClipSamples), new RandomFlip());
        this.device = device;
    }

    public int ClipSamples { get; }

    /// <summary>Independently augmented views, drawing every random choice from <paramref name="random"/> in order.</summary>
    public Tensor Augmented(IEnumerable<float[]> waveforms, Random random) =>
        Features(waveforms.Select(w => FitLength(augmentation.Apply(w, random))).ToArray());

    /// <summary>The deterministic evaluation view: the centred window or centred padding.</summary>
    public Tensor Centred(IEnumerable<float[]> waveforms) =>
        Features(waveforms.Select(w => FixedLength.Centre(w, ClipSamples)).ToArray());

    // A pitch shift keeps the length, so this only guards against an augmentation that does not.
    private float[] FitLength(float[] waveform) =>
        waveform.Length == ClipSamples ? waveform : FixedLength.Centre(waveform, ClipSamples);

    private Tensor Features(float[][] waveforms)
    {
        using var scope = NewDisposeScope();
        var flat = new float[waveforms.Length * ClipSamples];
        for (var i = 0; i < waveforms.Length; i++) waveforms[i].CopyTo(flat, i * ClipSamples);
        var batch = tensor(flat, [waveforms.Length, ClipSamples]);   // N×samples
        var features = extractor.Extract(batch);                      // N×3×mels×frames
        return features.to(device).MoveToOuterDisposeScope();
    }

    public void Dispose() => extractor.Dispose();
}
