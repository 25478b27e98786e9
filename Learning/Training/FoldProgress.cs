namespace Grid.Learning.Training;

/// <summary>
/// What a fold job has done so far: the epochs' metrics, the best epoch's predictions, and where its encoder came
/// from (<see cref="EncoderInitialisation.Describe"/>; null in checkpoints written before it was recorded).
/// </summary>
public sealed record FoldProgress(int EpochsCompleted, List<EpochMetrics> Epochs, int BestEpoch, double BestAccuracy, FoldPredictions? Best,
    int? ChosenK = null, string? Initialisation = null)
{
    public static FoldProgress Empty { get; } = new(0, [], 0, double.NegativeInfinity, null);

    /// <summary>No epoch yet, the encoder from <paramref name="initialisation"/>.</summary>
    public static FoldProgress Start(string initialisation) => Empty with { Initialisation = initialisation };

    /// <summary>Adds an epoch; it becomes the best when its accuracy beats every earlier one (the earliest wins ties).</summary>
    public FoldProgress With(EpochMetrics metrics, Func<FoldPredictions> predictions)
    {
        var better = metrics.Accuracy > BestAccuracy;
        return new FoldProgress(metrics.Epoch, [.. Epochs, metrics],
            better ? metrics.Epoch : BestEpoch, better ? metrics.Accuracy : BestAccuracy, better ? predictions() : Best, ChosenK, Initialisation);
    }
}
