namespace Grid.Client.Reports;

/// <summary>
/// A trial's fold aggregation: fold mean and sample standard deviation (n − 1) of validation accuracy per epoch,
/// over the epochs every fold has completed, and the best and last epochs of that mean.
/// </summary>
public sealed record TrialSummary(
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
    /// <summary>The accuracy the report ranks by: test accuracy on a fixed split, the best fold average otherwise.</summary>
    public double Headline(Evaluation evaluation) =>
        evaluation == Evaluation.FixedSplit ? Trial.TestAccuracy ?? double.NaN : BestMean;

    /// <summary>Each fold's validation accuracy at <see cref="BestEpoch"/>, by fold number: the samples of a paired comparison.</summary>
    public IReadOnlyDictionary<int, double> FoldAccuraciesAtBestEpoch =>
        Trial.Folds.ToDictionary(f => f.Fold, f => f.ValidationAccuracy[BestEpoch - 1]);

    public static TrialSummary Of(TrialData trial)
    {
        if (trial.Folds.Count == 0)
            throw new ArgumentException($"trial {trial.Name} has no folds", nameof(trial));
        var epochs = trial.Folds.Min(f => f.ValidationAccuracy.Count);
        if (epochs == 0)
            throw new ArgumentException($"trial {trial.Name}: fold {trial.Folds.First(f => f.ValidationAccuracy.Count == 0).Fold} has no epochs", nameof(trial));
        var means = new double[epochs];
        var stds = new double[epochs];
        for (var e = 0; e < epochs; e++)
        {
            var values = trial.Folds.Select(f => f.ValidationAccuracy[e]).ToArray();
            (means[e], stds[e]) = MeanAndStd(values);
        }
        var best = 0;
        for (var e = 1; e < epochs; e++)
            if (means[e] > means[best])
                best = e; // the first epoch wins ties
        return new TrialSummary(trial, trial.Folds.Count, means, stds, best + 1, means[best], stds[best], means[^1], stds[^1]);
    }

    /// <summary>Mean and sample standard deviation (0 for a single value).</summary>
    public static (double Mean, double Std) MeanAndStd(IReadOnlyList<double> values)
    {
        var mean = values.Sum() / values.Count;
        if (values.Count < 2)
            return (mean, 0);
        var squares = values.Sum(v => (v - mean) * (v - mean));
        return (mean, Math.Sqrt(squares / (values.Count - 1)));
    }
}
