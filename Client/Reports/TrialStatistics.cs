using Grid.Learning.Analysis;

namespace Grid.Client.Reports;

/// <summary>
/// A trial's fold aggregation (<see cref="FoldAggregate"/>, the grid's too: fold mean and sample standard deviation
/// (n − 1) of validation accuracy per epoch) over the epochs every fold has completed, and the best and last epochs.
/// </summary>
public sealed record TrialStatistics(
    TrialData Trial,
    int FoldCount,
    IReadOnlyList<double> MeanPerEpoch,
    IReadOnlyList<double> StdPerEpoch,
    int BestEpoch,
    double BestMean,
    double BestStd,
    double LastMean,
    double LastStd)
{
    /// <summary>
    /// The accuracy the report states for the trial: test accuracy on a fixed split, the best fold average otherwise.
    /// Trials are chosen and ranked by <see cref="BestMean"/> (validation) either way: choosing by test accuracy would
    /// tune on the test set.
    /// </summary>
    public double Headline(EvaluationScheme evaluation) =>
        evaluation == EvaluationScheme.FixedSplit ? Trial.TestAccuracy ?? double.NaN : BestMean;

    /// <summary>Each fold's validation accuracy at <see cref="BestEpoch"/>, by fold number: the samples of a paired comparison.</summary>
    public IReadOnlyDictionary<int, double> FoldAccuraciesAtBestEpoch =>
        Trial.Folds.ToDictionary(f => f.Fold, f => f.ValidationAccuracy[BestEpoch - 1]);

    public static TrialStatistics Of(TrialData trial)
    {
        if (trial.Folds.Count == 0)
            throw new ArgumentException($"trial {trial.Name} has no folds", nameof(trial));
        var epochs = trial.Folds.Min(f => f.ValidationAccuracy.Count);
        if (epochs == 0)
            throw new ArgumentException($"trial {trial.Name}: fold {trial.Folds.First(f => f.ValidationAccuracy.Count == 0).Fold} has no epochs", nameof(trial));
        var aggregate = FoldAggregate.Of(trial.Folds.Select(f => (IReadOnlyList<double>)f.ValidationAccuracy.Take(epochs).ToArray()).ToArray());
        return new TrialStatistics(trial, aggregate.FoldCount, aggregate.EpochMean, aggregate.EpochStd, aggregate.BestEpoch,
            aggregate.BestMean, aggregate.BestStd, aggregate.LastMean, aggregate.LastStd);
    }
}
