namespace Grid.Learning.Analysis;

/// <summary>The paired t-test on differences a − b: t = mean / (sd / √n) with n − 1 degrees of freedom.</summary>
/// <param name="PValue">Two-sided; NaN when every difference is zero (t is 0/0), 0 when all are equal and non-zero.</param>
public sealed record PairedTTestResult(int Count, double MeanDifference, double StandardDeviation, double Statistic,
    int DegreesOfFreedom, double PValue);

/// <summary>The Wilcoxon signed-rank test on differences a − b.</summary>
/// <param name="Count">Pairs used: zero differences are dropped first (scipy's default zero_method "wilcox").</param>
/// <param name="Statistic">min(W+, W−), scipy's two-sided statistic.</param>
/// <param name="Exact">True when the p-value comes from the exact null distribution, false for the normal approximation.</param>
/// <param name="Z">The normal approximation's z (no continuity correction); null for exact p-values.</param>
/// <param name="PValue">Two-sided; NaN when every difference is zero (scipy raises an error there).</param>
public sealed record WilcoxonResult(int Count, int Zeros, double RankSumPositive, double RankSumNegative,
    double Statistic, bool Exact, double? Z, double PValue);

/// <summary>
/// Paired comparisons of two configurations measured on the same folds, matching scipy.stats.ttest_rel and
/// scipy.stats.wilcoxon (two-sided, zero_method "wilcox", correction False).
/// </summary>
public static class PairedTests
{
    /// <summary>Up to this many non-zero differences without ties, Wilcoxon's p-value is exact (scipy's limit too).</summary>
    public const int ExactWilcoxonLimit = 50;

    public static PairedTTestResult TTest(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        var differences = Differences(a, b);
        var n = differences.Length;
        if (n < 2)
            throw new ArgumentException($"a paired t-test needs at least 2 pairs, got {n}", nameof(a));
        var mean = differences.Average();
        var variance = differences.Sum(d => (d - mean) * (d - mean)) / (n - 1);
        var sd = Math.Sqrt(variance);
        var t = mean / (sd / Math.Sqrt(n)); // ±∞ or NaN when sd is 0, as scipy gives
        return new PairedTTestResult(n, mean, sd, t, n - 1, SpecialFunctions.StudentTTwoSided(t, n - 1));
    }

    public static WilcoxonResult Wilcoxon(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        var all = Differences(a, b);
        var differences = all.Where(d => d != 0).ToArray();
        var zeros = all.Length - differences.Length;
        var n = differences.Length;
        if (n == 0)
            return new WilcoxonResult(0, zeros, 0, 0, double.NaN, false, null, double.NaN);

        var (ranks, tieGroups) = Ranks(differences.Select(Math.Abs).ToArray());
        var positive = Enumerable.Range(0, n).Where(i => differences[i] > 0).Sum(i => ranks[i]);
        var negative = Enumerable.Range(0, n).Where(i => differences[i] < 0).Sum(i => ranks[i]);
        var statistic = Math.Min(positive, negative);

        if (zeros == 0 && tieGroups.Count == 0 && n <= ExactWilcoxonLimit)
            return new WilcoxonResult(n, zeros, positive, negative, statistic, true, null, ExactTwoSided(n, (int)positive));

        var mean = n * (n + 1) / 4.0;
        var variance = n * (n + 1.0) * (2 * n + 1) / 24 - tieGroups.Sum(t => t * (t * t - 1.0)) / 48;
        var z = (statistic - mean) / Math.Sqrt(variance);
        var p = Math.Min(1, 2 * SpecialFunctions.NormalSurvival(Math.Abs(z)));
        return new WilcoxonResult(n, zeros, positive, negative, statistic, false, z, p);
    }

    /// <summary>
    /// 2·min(P(W+ ≤ w), P(W+ ≥ w)) under the null, where W+ is the sum of a random subset of ranks 1..n
    /// (each rank's sign a fair coin), capped at 1.
    /// </summary>
    public static double ExactTwoSided(int n, int positiveRankSum)
    {
        var counts = SubsetSumCounts(n);
        var total = Math.Pow(2, n);
        double lower = 0, upper = 0;
        for (var s = 0; s < counts.Length; s++)
        {
            if (s <= positiveRankSum)
                lower += counts[s];
            if (s >= positiveRankSum)
                upper += counts[s];
        }
        return Math.Min(1, 2 * Math.Min(lower, upper) / total);
    }

    /// <summary>counts[s] = the number of subsets of {1..n} summing to s (exact in a long up to n = 60).</summary>
    internal static long[] SubsetSumCounts(int n)
    {
        var maxSum = n * (n + 1) / 2;
        var counts = new long[maxSum + 1];
        counts[0] = 1;
        for (var rank = 1; rank <= n; rank++)
            for (var s = maxSum; s >= rank; s--)
                counts[s] += counts[s - rank];
        return counts;
    }

    /// <summary>Average ranks (1-based, ties share their mean rank) and the sizes of tie groups larger than one.</summary>
    public static (double[] Ranks, List<int> TieGroups) Ranks(double[] values)
    {
        var order = Enumerable.Range(0, values.Length).OrderBy(i => values[i]).ToArray();
        var ranks = new double[values.Length];
        var ties = new List<int>();
        for (var start = 0; start < order.Length;)
        {
            var end = start;
            while (end + 1 < order.Length && values[order[end + 1]] == values[order[start]])
                end++;
            var shared = (start + end) / 2.0 + 1;
            for (var k = start; k <= end; k++)
                ranks[order[k]] = shared;
            if (end > start)
                ties.Add(end - start + 1);
            start = end + 1;
        }
        return (ranks, ties);
    }

    private static double[] Differences(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        if (a.Count != b.Count)
            throw new ArgumentException($"paired samples differ in length: {a.Count} and {b.Count}", nameof(b));
        var differences = new double[a.Count];
        for (var i = 0; i < a.Count; i++)
        {
            if (!double.IsFinite(a[i]) || !double.IsFinite(b[i]))
                throw new ArgumentException($"pair {i} has a non-finite value ({a[i]}, {b[i]})", double.IsFinite(a[i]) ? nameof(b) : nameof(a));
            differences[i] = a[i] - b[i];
        }
        return differences;
    }
}
