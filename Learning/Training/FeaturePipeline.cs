using Grid.Learning.Audio;
using static TorchSharp.torch;

namespace Grid.Learning.Training;

/// <summary>
/// Waveforms to encoder batches: fixed-length crop or pad (random with flip and optional pitch shift for training,
/// whole-clip or centred windows for evaluation, <see cref="EvaluationStarts"/>), 3-channel log-mel features, per-bin normalisation with statistics of the training
/// clips only, and SpecAugment masks (training only): N×3×mels×frames. The log-mel is computed in float32 (the
/// float64 reference path is <c>grid features</c>'). Thread-safe: training views are prepared on worker threads
/// (<see cref="TrainingBatches"/>) while evaluation views are made on the job's thread.
/// </summary>
public sealed class FeaturePipeline : IDisposable
{
    private readonly FeatureExtractor extractor;
    private readonly IWaveformAugmentation augmentation;
    private readonly SpecAugment? specAugment;
    private readonly Device device;

    public FeaturePipeline(FeatureOptions features, TrainingOptions training, Device device)
    {
        extractor = new FeatureExtractor(features, ScalarType.Float32);
        ClipSamples = extractor.ClipSamples;
        if (ClipSamples < 1) throw new ArgumentException($"ClipSeconds {features.ClipSeconds} gives no samples at {features.SampleRate} Hz", nameof(features));
        augmentation = training.PitchShiftSemitones > 0
            ? new AugmentationPipeline(new RandomCrop(ClipSamples), new RandomFlip(), new RandomPitchShift(training.PitchShiftSemitones))
            : new AugmentationPipeline(new RandomCrop(ClipSamples), new RandomFlip());
        specAugment = training.SpecAugment ? new SpecAugment() : null;
        this.device = device;
        WholeClipEvaluation = features.WholeClipEvaluation;
    }

    public int ClipSamples { get; }

    /// <summary><see cref="FeatureOptions.WholeClipEvaluation"/>: evaluation windows cover each clip whole.</summary>
    public bool WholeClipEvaluation { get; }

    /// <summary>The device every batch is moved to (the model's).</summary>
    public Device Device => device;

    /// <summary>The per-bin statistics every batch is normalised with; fitted or restored before the first batch.</summary>
    public FeatureNormalizer? Normalizer { get; set; }

    /// <summary>Fits <see cref="Normalizer"/> on the centred views of the training clips (and nothing else).</summary>
    public void FitNormalizer(IReadOnlyList<float[]> trainingWaveforms, int batchSize, CancellationToken cancellationToken)
    {
        var options = extractor.Options;
        var statistics = new FeatureStatistics(3, options.NMels);
        foreach (var batch in EpochPlan.InOrder(trainingWaveforms.Count, batchSize))
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var scope = NewDisposeScope();
            var raw = Extract(batch.Select(i => FixedLength.Centre(trainingWaveforms[i], ClipSamples)).ToArray());   // N×3×mels×frames
            for (var i = 0; i < batch.Length; i++) statistics.Add(raw[i].data<float>().ToArray());
        }
        Normalizer = statistics.ToNormalizer();
    }

    /// <summary>
    /// One augmented view of each waveform, waveform i drawing every random choice (crop, flip, pitch, SpecAugment
    /// masks) from <paramref name="randoms"/>[i] only, so a clip's view does not depend on the rest of its batch.
    /// On the CPU: the caller moves it to <see cref="Device"/>.
    /// </summary>
    public Tensor Augmented(IReadOnlyList<float[]> waveforms, IReadOnlyList<Random> randoms)
    {
        if (waveforms.Count != randoms.Count) throw new ArgumentException($"{waveforms.Count} waveforms but {randoms.Count} random sources", nameof(randoms));
        using var scope = NewDisposeScope();
        var normalised = Normalised(waveforms.Select((w, i) => FitLength(augmentation.Apply(w, randoms[i]))).ToArray());
        var masked = specAugment is null
            ? normalised
            : stack(Enumerable.Range(0, (int)normalised.shape[0]).Select(i => specAugment.Apply(normalised[i], randoms[i])).ToArray());
        return masked.MoveToOuterDisposeScope();
    }

    /// <summary>The deterministic evaluation view: the centred window or centred padding.</summary>
    public Tensor Centred(IEnumerable<float[]> waveforms)
    {
        using var scope = NewDisposeScope();
        return Normalised(waveforms.Select(w => FixedLength.Centre(w, ClipSamples)).ToArray()).to(device).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Where the evaluation windows of a clip of <paramref name="clipSamples"/> start: <see cref="ClipWindows.Starts"/>
    /// under <see cref="WholeClipEvaluation"/>, else <see cref="ClipWindows.Centred"/>.
    /// </summary>
    public int[] EvaluationStarts(int clipSamples) =>
        WholeClipEvaluation ? ClipWindows.Starts(clipSamples, ClipSamples) : ClipWindows.Centred(clipSamples, ClipSamples);

    /// <summary>
    /// Deterministic evaluation views of windows starting at the given offsets; a clip no longer than the window is
    /// centred in padding (its start is 0), exactly as <see cref="Centred"/> does.
    /// </summary>
    public Tensor Windows(IEnumerable<(float[] Waveform, int Start)> windows)
    {
        using var scope = NewDisposeScope();
        return Normalised(windows.Select(w => Window(w.Waveform, w.Start)).ToArray()).to(device).MoveToOuterDisposeScope();
    }

    private float[] Window(float[] waveform, int start) =>
        waveform.Length <= ClipSamples ? FixedLength.Centre(waveform, ClipSamples) : FixedLength.Fit(waveform, ClipSamples, start);

    // A pitch shift keeps the length, so this only guards against an augmentation that does not.
    private float[] FitLength(float[] waveform) =>
        waveform.Length == ClipSamples ? waveform : FixedLength.Centre(waveform, ClipSamples);

    private Tensor Normalised(float[][] waveforms)
    {
        var normalizer = Normalizer ?? throw new InvalidOperationException("the feature normaliser has not been fitted on the training clips");
        using var raw = Extract(waveforms);
        return normalizer.Apply(raw);
    }

    // Log-mel features on the CPU: N×3×mels×frames. The batch is stacked from one tensor per clip rather than copied
    // through one flat array, which at a batch's size would be a large-object-heap allocation per batch.
    private Tensor Extract(float[][] waveforms)
    {
        using var scope = NewDisposeScope();
        var batch = stack(waveforms.Select(w => tensor(w)).ToArray());   // N×samples
        return extractor.Extract(batch).MoveToOuterDisposeScope();
    }

    public void Dispose() => extractor.Dispose();
}
