using Grid.Learning.Settings;

namespace Grid.Learning.Training;

public sealed partial record TrainingOptions
{
    /// <summary>Epochs: 1 to 10,000.</summary>
    public static readonly NumericRange EpochsRange = NumericRange.Whole("epochs", 1, 10_000);
    /// <summary>Batch size: 1 to 65,536 clips.</summary>
    public static readonly NumericRange BatchSizeRange = NumericRange.Whole("batchSize", 1, 65_536);
    /// <summary>Learning rate: (0, 10].</summary>
    public static readonly NumericRange LearningRateRange = NumericRange.Real("learningRate", 0, 10, minExclusive: true);
    /// <summary>SGD momentum: [0, 1).</summary>
    public static readonly NumericRange MomentumRange = NumericRange.Real("momentum", 0, 1, maxExclusive: true);
    /// <summary>Weight decay: [0, 1].</summary>
    public static readonly NumericRange WeightDecayRange = NumericRange.Real("weightDecay", 0, 1);
    /// <summary>Warm-up epochs: 0 to 10,000, and fewer than the epochs.</summary>
    public static readonly NumericRange WarmupEpochsRange = NumericRange.Whole("warmupEpochs", 0, 10_000);
    /// <summary>Step schedule period: 1 to 10,000 epochs.</summary>
    public static readonly NumericRange StepSizeRange = NumericRange.Whole("stepSize", 1, 10_000);
    /// <summary>Step and multistep factor: (0, 10].</summary>
    public static readonly NumericRange StepGammaRange = NumericRange.Real("stepGamma", 0, 10, minExclusive: true);
    /// <summary>kNN vote temperature: (0, 100].</summary>
    public static readonly NumericRange KnnTemperatureRange = NumericRange.Real("knnTemperature", 0, 100, minExclusive: true);
    /// <summary>Pitch-shift augmentation: 0 to 24 semitones.</summary>
    public static readonly NumericRange PitchShiftRange = NumericRange.Real("pitchShiftSemitones", 0, 24);
    /// <summary>Each multistep milestone: epoch 1 to 10,000.</summary>
    public static readonly NumericRange MilestoneRange = NumericRange.Whole("milestones", 1, 10_000);
    /// <summary>Each kNN candidate K: 1 to 100,000; at most 100 candidates.</summary>
    public static readonly NumericRange KnnCandidateRange = NumericRange.Whole("knnCandidates", 1, 100_000);

    /// <summary>The scalar numeric ranges of this record, by field (milestones and kNN candidates are per element).</summary>
    public static IReadOnlyList<NumericRange> Ranges { get; } =
    [
        EpochsRange, BatchSizeRange, LearningRateRange, MomentumRange, WeightDecayRange, WarmupEpochsRange, StepSizeRange,
        StepGammaRange, KnnTemperatureRange, PitchShiftRange,
    ];

    /// <summary>Every setting outside its range, field by field (camelCase, relative to this record); empty when usable.</summary>
    public IReadOnlyList<SettingProblem> Validate()
    {
        var checks = new SettingChecks()
            .Range(EpochsRange, Epochs)
            .Range(BatchSizeRange, BatchSize)
            .Require(Enum.IsDefined(Optimizer), "optimizer", $"'{Optimizer}' is not sgd or adam")
            .Range(LearningRateRange, LearningRate)
            .Range(MomentumRange, Momentum)
            .Range(WeightDecayRange, WeightDecay)
            .Require(Enum.IsDefined(Schedule), "schedule", $"'{Schedule}' is not cosine, step, multistep or constant")
            .Range(WarmupEpochsRange, WarmupEpochs)
            .Require(WarmupEpochs < Epochs || WarmupEpochs == 0, "warmupEpochs", $"must be in [0, epochs) (got {WarmupEpochs} of {Epochs})")
            .Range(StepSizeRange, StepSize)
            .Range(StepGammaRange, StepGamma)
            .Range(KnnTemperatureRange, KnnTemperature)
            .Range(PitchShiftRange, PitchShiftSemitones);
        var milestoneProblem = MilestoneProblem(Milestones);
        checks.Require(milestoneProblem is null, "milestones", milestoneProblem ?? "");
        if (Milestones is not null)
            foreach (var milestone in Milestones) checks.Range(MilestoneRange, milestone);
        checks.Require(KnnCandidates is { Count: > 0 and <= 100 }, "knnCandidates", "must list 1 to 100 K values");
        foreach (var k in KnnCandidates ?? []) checks.Range(KnnCandidateRange, k);
        return checks.Problems;
    }

    /// <summary>Why <paramref name="milestones"/> cannot be used (not positive, not strictly increasing), or null when they can.</summary>
    public static string? MilestoneProblem(IReadOnlyList<int>? milestones)
    {
        if (milestones is null) return "must be a list (it may be empty)";
        for (var i = 0; i < milestones.Count; i++)
        {
            if (milestones[i] < 1) return $"must be positive epochs, got {milestones[i]}";
            if (i > 0 && milestones[i] <= milestones[i - 1])
                return $"must be strictly increasing, got {milestones[i - 1]} before {milestones[i]}";
        }
        return null;
    }
}
