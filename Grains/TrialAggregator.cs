using Grid.Learning.Analysis;

namespace Grid.Grains;

/// <summary>
/// Summarises a trial over its succeeded folds with the product's one aggregation (<see cref="FoldAggregate"/>:
/// per-epoch mean and sample standard deviation, best average with its std, last epoch) plus each fold's best.
/// </summary>
public static class TrialAggregator
{
    /// <param name="foldEpochAccuracies">Validation accuracy after each epoch (index 0 = epoch 1), per fold number.</param>
    public static TrialAggregate Aggregate(IReadOnlyDictionary<int, IReadOnlyList<double>> foldEpochAccuracies)
    {
        var folds = foldEpochAccuracies.Where(f => f.Value.Count > 0).ToDictionary(f => f.Key, f => f.Value);
        if (folds.Count == 0) return TrialAggregate.Empty;

        var aggregate = FoldAggregate.Of(folds.Values);
        var perFoldBest = folds.ToDictionary(f => f.Key, f => f.Value.Max());
        return new TrialAggregate(aggregate.EpochMean, aggregate.EpochStd, aggregate.BestEpoch, aggregate.BestMean, aggregate.BestStd,
            aggregate.LastMean, aggregate.LastStd, perFoldBest, aggregate.FoldCount);
    }
}
