using Grid.Learning.Analysis;

namespace Grid.Grains;

/// <summary>
/// Summarises a trial over its succeeded folds with the product's one aggregation (<see cref="FoldAggregate"/>:
/// per-epoch mean and sample standard deviation, best average with its std, last epoch) plus each fold's best and,
/// on a fixed split, the test accuracy at the best epoch.
/// </summary>
public static class TrialAggregator
{
    /// <param name="foldEpochAccuracies">Validation accuracy after each epoch (index 0 = epoch 1), per fold number.</param>
    /// <param name="foldTestAccuracies">Test accuracy after each epoch, per fold number, on a fixed split; folds without one are absent or empty.</param>
    public static TrialAggregate Aggregate(IReadOnlyDictionary<int, IReadOnlyList<double>> foldEpochAccuracies,
        IReadOnlyDictionary<int, IReadOnlyList<double>>? foldTestAccuracies = null)
    {
        var folds = foldEpochAccuracies.Where(f => f.Value.Count > 0).ToDictionary(f => f.Key, f => f.Value);
        if (folds.Count == 0) return TrialAggregate.Empty;

        var aggregate = FoldAggregate.Of(folds.Values);
        var perFoldBest = folds.ToDictionary(f => f.Key, f => f.Value.Max());
        var test = TestAtEpoch(folds.Keys, foldTestAccuracies ?? new Dictionary<int, IReadOnlyList<double>>(), aggregate.BestEpoch);
        return new TrialAggregate(aggregate.EpochMean, aggregate.EpochStd, aggregate.BestEpoch, aggregate.BestMean, aggregate.BestStd,
            aggregate.LastMean, aggregate.LastStd, perFoldBest, aggregate.FoldCount)
        {
            TestAccuracyAtBest = test?.Mean,
            TestStdAtBest = test?.Std,
        };
    }

    /// <summary>Mean and sample std of the folds' test accuracy at <paramref name="epoch"/>; null unless every fold has one.</summary>
    private static (double Mean, double Std)? TestAtEpoch(IEnumerable<int> folds, IReadOnlyDictionary<int, IReadOnlyList<double>> tests, int epoch)
    {
        var values = new List<double>();
        foreach (var fold in folds)
        {
            if (!tests.TryGetValue(fold, out var curve) || curve.Count < epoch) return null;
            values.Add(curve[epoch - 1]);
        }
        return FoldAggregate.MeanAndStd(values);
    }
}
