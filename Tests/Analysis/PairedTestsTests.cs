using System.Text.Json;
using Grid.Learning.Analysis;
using Xunit;

namespace Grid.Tests.Analysis;

/// <summary>Compares the paired tests with scipy's values in Tests/Fixtures/analysis/paired_tests.json (see make_fixtures.py there).</summary>
[Trait("Category", "Unit")]
public sealed class PairedTestsTests
{
    public static TheoryData<string> CaseNames() =>
        new(Fixtures.Json("analysis/paired_tests.json").GetProperty("cases").EnumerateArray().Select(c => c.GetProperty("name").GetString()!));

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void PairedTTestMatchesScipy(string name)
    {
        var (a, b, expected) = Case(name);

        var result = PairedTests.TTest(a, b);

        Assert.Equal(a.Length, result.Count);
        Assert.Equal(a.Length - 1, result.DegreesOfFreedom);
        AssertClose(expected.GetProperty("t").GetDouble(), result.Statistic, 1e-10);
        AssertClose(expected.GetProperty("tP").GetDouble(), result.PValue, 1e-10);
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void WilcoxonSignedRankMatchesScipy(string name)
    {
        var (a, b, expected) = Case(name);

        var result = PairedTests.Wilcoxon(a, b);

        Assert.Equal(expected.GetProperty("wExact").GetBoolean(), result.Exact);
        Assert.Equal(expected.GetProperty("w").GetDouble(), result.Statistic);
        AssertClose(expected.GetProperty("wP").GetDouble(), result.PValue, 1e-10);
    }

    [Fact]
    public void WilcoxonDropsZeroDifferencesBeforeRanking()
    {
        var result = PairedTests.Wilcoxon([1.0, 2, 3, 4, 5, 6], [1.0, 2, 2.5, 3.25, 4, 7]);

        Assert.Equal(2, result.Zeros);
        Assert.Equal(4, result.Count);
        // |d| = 0.5, 0.75, 1, 1 → ranks 1, 2, 3.5, 3.5; only the last difference is negative.
        Assert.Equal(6.5, result.RankSumPositive);
        Assert.Equal(3.5, result.RankSumNegative);
        Assert.False(result.Exact);
    }

    [Fact]
    public void AllEqualPairsHaveNoPValue()
    {
        double[] same = [0.7, 0.8, 0.9];

        Assert.True(double.IsNaN(PairedTests.TTest(same, same).PValue));
        Assert.True(double.IsNaN(PairedTests.Wilcoxon(same, same).PValue));
        Assert.Equal(0, PairedTests.TTest([1.5, 2.5, 3.5], [1.0, 2, 3]).PValue);
    }

    [Fact]
    public void ExactDistributionIsSymmetricAndSumsToOne()
    {
        // n = 4: 16 sign patterns; W+ = 0 happens once, so P(W+ ≤ 0) = 1/16 and the two-sided p is 1/8.
        Assert.Equal(0.125, PairedTests.ExactTwoSided(4, 0));
        Assert.Equal(0.125, PairedTests.ExactTwoSided(4, 10));
        Assert.Equal(1, PairedTests.ExactTwoSided(4, 5));
    }

    [Fact]
    public void MismatchedOrNonFiniteSamplesAreRejected()
    {
        Assert.Contains("differ in length: 3 and 2", Assert.Throws<ArgumentException>(() => PairedTests.TTest([1.0, 2, 3], [1.0, 2])).Message);
        Assert.Contains("pair 1", Assert.Throws<ArgumentException>(() => PairedTests.Wilcoxon([1.0, double.NaN], [1.0, 2])).Message);
        Assert.Contains("at least 2 pairs", Assert.Throws<ArgumentException>(() => PairedTests.TTest([1.0], [2.0])).Message);
    }

    private static (double[] A, double[] B, JsonElement Expected) Case(string name)
    {
        var found = Fixtures.Json("analysis/paired_tests.json").GetProperty("cases").EnumerateArray()
            .Single(c => c.GetProperty("name").GetString() == name);
        return (Doubles(found.GetProperty("a")), Doubles(found.GetProperty("b")), found);
    }

    private static double[] Doubles(JsonElement array) => array.EnumerateArray().Select(v => v.GetDouble()).ToArray();

    internal static void AssertClose(double expected, double actual, double relative) =>
        Assert.True(Math.Abs(expected - actual) <= relative * Math.Max(Math.Abs(expected), 1e-300),
            $"expected {expected:R}, got {actual:R}");
}
