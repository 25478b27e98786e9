namespace Grid.Learning.Training;

/// <summary>
/// The learning rate as a pure function of the position in training, so a resumed run needs only its epoch.
/// A linear warm-up over <see cref="TrainingOptions.WarmupEpochs"/> (per step) precedes the main schedule:
/// cosine (per epoch, as MoCo v2), step (×StepGamma every StepSize epochs), multistep (×StepGamma at each of
/// <see cref="TrainingOptions.Milestones"/>, as MoCo v1) or constant. Cosine and step count epochs from the end of the
/// warm-up; milestones are absolute 0-based epochs (a milestone inside the warm-up applies once it ends).
/// </summary>
public sealed class LearningRateSchedule
{
    private readonly TrainingOptions options;

    public LearningRateSchedule(TrainingOptions options)
    {
        if (options.LearningRate <= 0) throw new ArgumentException($"LearningRate must be positive, got {options.LearningRate}", nameof(options));
        if (options.Epochs < 1) throw new ArgumentException($"Epochs must be at least 1, got {options.Epochs}", nameof(options));
        if (options.WarmupEpochs < 0 || options.WarmupEpochs > 0 && options.WarmupEpochs >= options.Epochs)
            throw new ArgumentException($"WarmupEpochs must be in [0, Epochs), got {options.WarmupEpochs}", nameof(options));
        if (!Enum.IsDefined(options.Schedule))
            throw new ArgumentException($"Schedule must be cosine, step, multistep or constant, got '{options.Schedule}'", nameof(options));
        if (options.Schedule == ScheduleKind.Step && (options.StepSize < 1 || options.StepGamma <= 0))
            throw new ArgumentException($"step schedule needs StepSize >= 1 and StepGamma > 0, got {options.StepSize} and {options.StepGamma}", nameof(options));
        if (options.Schedule == ScheduleKind.Multistep && options.StepGamma <= 0)
            throw new ArgumentException($"multistep schedule needs StepGamma > 0, got {options.StepGamma}", nameof(options));
        if (TrainingOptions.MilestoneProblem(options.Milestones) is { } problem)
            throw new ArgumentException($"Milestones {problem}", nameof(options));
        this.options = options;
    }

    /// <summary>The rate for step <paramref name="step"/> of <paramref name="stepsPerEpoch"/> in 0-based <paramref name="epoch"/>.</summary>
    public double RateAt(int epoch, int step, int stepsPerEpoch)
    {
        var baseRate = options.LearningRate;
        var warmup = options.WarmupEpochs;
        if (epoch < warmup)
        {
            var progress = (epoch + (step + 1) / (double)Math.Max(stepsPerEpoch, 1)) / warmup;
            return baseRate * progress;
        }
        var sinceWarmup = epoch - warmup;
        return options.Schedule switch
        {
            ScheduleKind.Cosine => baseRate * 0.5 * (1 + Math.Cos(Math.PI * sinceWarmup / (options.Epochs - warmup))),
            ScheduleKind.Step => baseRate * Math.Pow(options.StepGamma, sinceWarmup / options.StepSize),
            ScheduleKind.Multistep => baseRate * Math.Pow(options.StepGamma, options.Milestones.Count(m => m <= epoch)),
            _ => baseRate,
        };
    }
}
