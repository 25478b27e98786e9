namespace Grid.Learning.Training;

/// <summary>
/// The learning rate as a pure function of the position in training, so a resumed run needs only its epoch.
/// A linear warm-up over <see cref="TrainingOptions.WarmupEpochs"/> (per step) precedes the main schedule:
/// cosine (per epoch, as MoCo), step (×StepGamma every StepSize epochs) or constant.
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
        if (options.Schedule is not ("cosine" or "step" or "constant"))
            throw new ArgumentException($"Schedule must be cosine, step or constant, got '{options.Schedule}'", nameof(options));
        if (options.Schedule == "step" && (options.StepSize < 1 || options.StepGamma <= 0))
            throw new ArgumentException($"step schedule needs StepSize >= 1 and StepGamma > 0, got {options.StepSize} and {options.StepGamma}", nameof(options));
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
            "cosine" => baseRate * 0.5 * (1 + Math.Cos(Math.PI * sinceWarmup / (options.Epochs - warmup))),
            "step" => baseRate * Math.Pow(options.StepGamma, sinceWarmup / options.StepSize),
            _ => baseRate,
        };
    }
}
