using System.Text.Json;
using Grid.Grains;
using Grid.Grains.Specs;
using Grid.Grains.Stopping;
using Grid.Learning.Analysis;
using Grid.Tests.Analysis;
using Xunit;

namespace Grid.Tests.Stopping;

/// <summary>The paired rule on fixed fold scores against scipy's one-sided tests (Tests/Fixtures/stopping/make_fixtures.py).</summary>
[Trait("Category", "Unit")]
public sealed class PairedStoppingRuleTests
{
    private static readonly JsonElement Fixture = Fixtures.Json("stopping/paired_stopping.json");

    public static IEnumerable<object[]> Cases() =>
        Fixture.GetProperty("cases").EnumerateArray().Select(c => new object[] { c.GetProperty("name").GetString()! });

    private static JsonElement Case(string name) => Fixture.GetProperty("cases").EnumerateArray().Single(c => c.GetProperty("name").GetString() == name);

    private static double[] Scores(JsonElement c, string side) => c.GetProperty(side).EnumerateArray().Select(v => v.GetDouble()).ToArray();

    /// <summary>Fold scores as one-epoch curves: a fold's score is its best accuracy.</summary>
    private static TrialProgress Trial(int index, double[] scores, int folds) =>
        Progress.Make(index, scores.Take(folds).Select(s => new[] { s }).ToArray(), finished: folds, folds: scores.Length);

    [Theory]
    [MemberData(nameof(Cases))]
    public void OneSidedPValuesMatchScipy(string name)
    {
        var c = Case(name);
        var (trial, incumbent) = (Scores(c, "trial"), Scores(c, "incumbent"));
        foreach (var prefix in c.GetProperty("prefixes").EnumerateArray())
        {
            var n = prefix.GetProperty("folds").GetInt32();
            var t = OneSidedPairedTests.TTestLess(trial[..n], incumbent[..n]);
            var w = OneSidedPairedTests.WilcoxonLess(trial[..n], incumbent[..n]);
            AssertSame(prefix.GetProperty("tP"), t.PValue, $"{name}, {n} folds, t");
            AssertSame(prefix.GetProperty("wP"), w.PValue, $"{name}, {n} folds, Wilcoxon");
            if (prefix.GetProperty("w").ValueKind == JsonValueKind.Number)
                Assert.Equal(prefix.GetProperty("w").GetDouble(), w.Statistic, 9);
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void StopsExactlyWhenScipysOneSidedTestWould(string name)
    {
        var c = Case(name);
        var (trial, incumbent) = (Scores(c, "trial"), Scores(c, "incumbent"));
        var alphas = Fixture.GetProperty("alphas").EnumerateArray().Select(a => a.GetDouble()).ToArray();
        foreach (var prefix in c.GetProperty("prefixes").EnumerateArray())
        {
            var n = prefix.GetProperty("folds").GetInt32();
            foreach (var (test, stopsField, pField) in new[] { (PairedTestKind.T, "tStops", "tP"), (PairedTestKind.Wilcoxon, "wStops", "wP") })
            {
                var expected = prefix.GetProperty(stopsField).EnumerateArray().Select(s => s.GetBoolean()).ToArray();
                for (var a = 0; a < alphas.Length; a++)
                {
                    var rule = new PairedStoppingRule(new PairedStopping(test, alphas[a], MinFolds: 2));
                    var judged = Trial(1, trial, n);
                    var decision = rule.Check(judged, [Trial(0, incumbent, n), judged]);
                    Assert.True(expected[a] == decision is not null, $"{name}, {n} folds, {test}, α = {alphas[a]}: scipy stops {expected[a]}");
                    if (decision is null) continue;
                    Assert.Equal(prefix.GetProperty(pField).GetDouble(), decision.PValue!.Value, 9);
                    Assert.Equal((0, StoppingRule.Paired, alphas[a]), (decision.AgainstTrial!.Value, decision.Rule, decision.Threshold));
                    Assert.Equal(Enumerable.Range(1, n), decision.ComparedFolds);
                    Assert.Null(decision.Fold);
                    Assert.Contains("worse than trial 0", decision.Reason);
                }
            }
        }
    }

    [Fact]
    public void WaitsForTheMinimumOfSharedFolds()
    {
        var rule = new PairedStoppingRule(new PairedStopping(PairedTestKind.T, 0.2, MinFolds: 3));
        var loser = Trial(1, [0.5, 0.51, 0.52, 0.5, 0.5], 2);
        var incumbent = Trial(0, [0.8, 0.81, 0.82, 0.8, 0.8], 3);

        Assert.Null(rule.Check(loser, [incumbent, loser]));
        var later = Trial(1, [0.5, 0.51, 0.52, 0.5, 0.5], 3);
        Assert.NotNull(rule.Check(later, [incumbent, later]));
    }

    private static void AssertSame(JsonElement expected, double actual, string what)
    {
        if (expected.ValueKind != JsonValueKind.Number || double.IsNaN(expected.GetDouble()))
            Assert.True(double.IsNaN(actual), $"{what}: scipy gives no p-value, got {actual}");
        else
            Assert.True(Math.Abs(expected.GetDouble() - actual) < 1e-9, $"{what}: scipy {expected.GetDouble()}, got {actual}");
    }
}
