using Grid.Learning.Analysis;

namespace Grid.Client.Reports;

/// <summary>
/// The best two trials compared fold by fold, each at its own best-average epoch (the accuracies the table reports),
/// with a paired t-test and a Wilcoxon signed-rank test over the folds both ran.
/// </summary>
public sealed record PairedComparison(
    TrialStatistics First,
    TrialStatistics Second,
    IReadOnlyList<int> Folds,
    IReadOnlyList<double> FirstAccuracies,
    IReadOnlyList<double> SecondAccuracies,
    PairedTTestResult TTest,
    WilcoxonResult Wilcoxon)
{
    /// <summary>The smallest two-sided p-value an exact Wilcoxon test can reach with this many folds: 2 / 2^n.</summary>
    public double SmallestExactWilcoxonP => 2 / Math.Pow(2, Folds.Count);

    /// <summary>Compares the two highest-ranked trials; null when there are fewer than two or they share fewer than two folds.</summary>
    public static PairedComparison? OfBestTwo(IReadOnlyList<TrialStatistics> ranked)
    {
        if (ranked.Count < 2)
            return null;
        var (first, second) = (ranked[0], ranked[1]);
        var firstByFold = first.FoldAccuraciesAtBestEpoch;
        var secondByFold = second.FoldAccuraciesAtBestEpoch;
        var folds = firstByFold.Keys.Intersect(secondByFold.Keys).Order().ToArray();
        if (folds.Length < 2)
            return null;
        var a = folds.Select(f => firstByFold[f]).ToArray();
        var b = folds.Select(f => secondByFold[f]).ToArray();
        return new PairedComparison(first, second, folds, a, b, PairedTests.TTest(a, b), PairedTests.Wilcoxon(a, b));
    }
}
