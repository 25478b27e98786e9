namespace Grid.Learning.Analysis;

/// <summary>A one-sided paired test of "a is less than b" on the differences a − b.</summary>
/// <param name="Count">Pairs used (Wilcoxon: non-zero differences).</param>
/// <param name="Statistic">t, or W+ (the sum of the ranks of positive differences, scipy's one-sided statistic).</param>
/// <param name="Exact">Wilcoxon: true when the p-value comes from the exact null distribution; always false for t.</param>
/// <param name="PValue">P(statistic ≤ observed) under the null; NaN when every difference is zero.</param>
public sealed record OneSidedResult(int Count, double Statistic, bool Exact, double PValue);

/// <summary>
/// One-sided paired tests with the alternative "a &lt; b", matching scipy.stats.ttest_rel(a, b, alternative="less") and
/// scipy.stats.wilcoxon(a, b, alternative="less", zero_method="wilcox", correction=False): zero differences are dropped;
/// the exact null distribution of W+ is used without zeros and ties up to <see cref="PairedTests.ExactWilcoxonLimit"/>
/// pairs, the normal approximation with the tie correction otherwise (as <see cref="PairedTests"/> chooses).
/// </summary>
public static class OneSidedPairedTests
{
    public static OneSidedResult TTestLess(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        var two = PairedTests.TTest(a, b);
        var p = double.IsNaN(two.Statistic) ? double.NaN
            : two.Statistic < 0 ? two.PValue / 2
            : 1 - two.PValue / 2;
        return new OneSidedResult(two.Count, two.Statistic, false, p);
    }

    public static OneSidedResult WilcoxonLess(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        var two = PairedTests.Wilcoxon(a, b);
        var n = two.Count;
        if (n == 0) return new OneSidedResult(0, double.NaN, false, double.NaN);
        var positive = two.RankSumPositive;
        if (two.Exact)
        {
            var counts = PairedTests.SubsetSumCounts(n);
            var lower = 0.0;
            for (var s = 0; s <= (int)positive; s++) lower += counts[s];
            return new OneSidedResult(n, positive, true, Math.Min(1, lower / Math.Pow(2, n)));
        }

        var nonZero = a.Select((value, i) => value - b[i]).Where(d => d != 0).Select(Math.Abs).ToArray();
        var (_, tieGroups) = PairedTests.Ranks(nonZero);
        var mean = n * (n + 1) / 4.0;
        var variance = n * (n + 1.0) * (2 * n + 1) / 24 - tieGroups.Sum(t => t * (t * t - 1.0)) / 48;
        var z = (positive - mean) / Math.Sqrt(variance);
        return new OneSidedResult(n, positive, false, SpecialFunctions.NormalSurvival(-z));
    }
}
