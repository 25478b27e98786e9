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
                    var rule = new PairedStoppingRule(new PairedStopping(test, alphas[a], MinFolds: 2), folds: trial.Length);
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

    [Theory]
    [MemberData(nameof(Cases))]
    public void WithAlphaSpendingStopsExactlyWhenScipysTestIsBelowTheLooksShare(string name)
    {
        var c = Case(name);
        var (trial, incumbent) = (Scores(c, "trial"), Scores(c, "incumbent"));
        var alphas = Fixture.GetProperty("alphas").EnumerateArray().Select(a => a.GetDouble()).ToArray();
        var (folds, minFolds) = (Fixture.GetProperty("folds").GetInt32(), Fixture.GetProperty("minFolds").GetInt32());
        Assert.Equal(folds, trial.Length);
        foreach (var prefix in c.GetProperty("prefixes").EnumerateArray())
        {
            var n = prefix.GetProperty("folds").GetInt32();
            foreach (var (function, spendingName) in PairedStopping.SpendingNames.Where(p => p.Value != AlphaSpendingFunction.None).Select(p => (p.Value, p.Key)))
                foreach (var (test, stopsField, pField) in new[] { (PairedTestKind.T, "tStopsSpent", "tP"), (PairedTestKind.Wilcoxon, "wStopsSpent", "wP") })
                {
                    var expected = prefix.GetProperty(stopsField).GetProperty(spendingName).EnumerateArray().Select(s => s.GetBoolean()).ToArray();
                    for (var a = 0; a < alphas.Length; a++)
                    {
                        var spec = new PairedStopping(test, alphas[a], minFolds, function);
                        var judged = Trial(1, trial, n);
                        var decision = new PairedStoppingRule(spec, folds).Check(judged, [Trial(0, incumbent, n), judged]);
                        Assert.True(expected[a] == decision is not null, $"{name}, {n} folds, {test}, {spendingName}, α = {alphas[a]}: scipy stops {expected[a]}");
                        if (decision is null) continue;
                        Assert.Equal(spec.Level(n, folds), decision.Threshold);
                        Assert.True(decision.PValue < decision.Threshold);
                        Assert.Equal(prefix.GetProperty(pField).GetDouble(), decision.PValue!.Value, 9);
                        Assert.Contains($"of {folds} folds of α = {alphas[a].ToString(System.Globalization.CultureInfo.InvariantCulture)} ({spendingName} spending)", decision.Reason);
                    }
                }
        }
    }

    [Fact]
    public void SpendingKeepsATrialThatEveryLookAtAlphaWouldStop()
    {
        // Paired t over 2 folds: t = -7, one-sided p ≈ 0.045; Pocock's share at 2 of 10 folds is 0.0295.
        var incumbent = Trial(0, [0.80, 0.82, 0.81, 0.80, 0.80, 0.80, 0.80, 0.80, 0.80, 0.80], 2);
        var close = Trial(1, [0.72, 0.76, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5], 2);
        var each = new PairedStoppingRule(new PairedStopping(PairedTestKind.T, 0.1, 2), folds: 10).Check(close, [incumbent, close]);
        var spent = new PairedStoppingRule(new PairedStopping(PairedTestKind.T, 0.1, 2, AlphaSpendingFunction.Pocock), folds: 10).Check(close, [incumbent, close]);

        Assert.NotNull(each);
        Assert.InRange(each.PValue!.Value, 0.0295, 0.1);
        Assert.Null(spent);
    }

    [Fact]
    public void WaitsForTheMinimumOfSharedFolds()
    {
        var rule = new PairedStoppingRule(new PairedStopping(PairedTestKind.T, 0.2, MinFolds: 3), folds: 5);
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
