namespace Grid.Grains;

/// <summary>
/// Summarises a trial over its succeeded folds: per-epoch mean and population standard deviation of
/// validation accuracy, the best average (max over epochs of the fold mean) with its std, the
/// last-epoch mean and std, and each fold's best.
/// </summary>
public static class TrialAggregator
{
    /// <param name="foldEpochAccuracies">Validation accuracy after each epoch (index 0 = epoch 1), per fold number.</param>
    public static TrialAggregate Aggregate(IReadOnlyDictionary<int, IReadOnlyList<double>> foldEpochAccuracies)
    {
        var folds = foldEpochAccuracies.Where(f => f.Value.Count > 0).ToDictionary(f => f.Key, f => f.Value);
        if (folds.Count == 0) return TrialAggregate.Empty;

        var epochs = folds.Values.Max(a => a.Count);
        var means = new double[epochs];
        var stds = new double[epochs];
        for (var e = 0; e < epochs; e++)
        {
            var values = folds.Values.Where(a => a.Count > e).Select(a => a[e]).ToArray();
            (means[e], stds[e]) = MeanAndStd(values);
        }

        var best = 0;
        for (var e = 1; e < epochs; e++)
            if (means[e] > means[best]) best = e;

        var (lastMean, lastStd) = MeanAndStd(folds.Values.Select(a => a[^1]).ToArray());
        var perFoldBest = folds.ToDictionary(f => f.Key, f => f.Value.Max());
        return new TrialAggregate(means, stds, best + 1, means[best], stds[best], lastMean, lastStd, perFoldBest, folds.Count);
    }

    /// <summary>Mean and population standard deviation (ddof = 0).</summary>
    public static (double Mean, double Std) MeanAndStd(IReadOnlyCollection<double> values)
    {
        var mean = values.Average();
        var variance = values.Sum(v => (v - mean) * (v - mean)) / values.Count;
        return (mean, Math.Sqrt(variance));
    }
}
