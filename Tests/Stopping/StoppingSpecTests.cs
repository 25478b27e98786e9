using Grid.Grains.Specs;
using Grid.Learning.Analysis;
using Grid.Tests.Cluster;
using Xunit;

namespace Grid.Tests.Stopping;

/// <summary><c>search.stopping</c>: parsed into typed rules, range-checked with the field named.</summary>
[Trait("Category", "Unit")]
public sealed class StoppingSpecTests
{
    private static SweepSpec Parse(string stopping) =>
        SweepSpecParser.Parse(SpecSamples.Tiny(search: $$"""{ "training.learningRate": { "grid": [0.1, 0.01] }, "stopping": {{stopping}} }"""));

    [Fact]
    public void NoStoppingByDefaultAndFoldsAreNotInterleaved()
    {
        var plan = SweepPlanner.Plan("exp", SpecSamples.Tiny());

        Assert.IsType<NoStopping>(plan.Spec.Stopping);
        Assert.All(plan.Trials.SelectMany(t => t.Folds), f => Assert.Equal(0, f.InterleavedPosition));
    }

    [Fact]
    public void ParsesEachRuleWithItsParametersAndDefaults()
    {
        Assert.Equal(new MedianStopping(2, 4), Parse("""{ "rule": "median", "minEpochs": 2, "minTrials": 4 }""").Stopping);
        Assert.Equal(new MedianStopping(1, 3), Parse("""{ "rule": "median" }""").Stopping);
        Assert.Equal(new AshaStopping(2, 4, 20), Parse("""{ "rule": "asha", "gracePeriod": 2, "reductionFactor": 4, "maxEpochs": 20 }""").Stopping);
        Assert.Equal(new AshaStopping(1, 3, null), Parse("""{ "rule": "asha" }""").Stopping);
        Assert.Equal(new PairedStopping(PairedTestKind.T, 0.05, 2), Parse("""{ "rule": "paired", "test": "t", "alpha": 0.05, "minFolds": 2 }""").Stopping);
        Assert.Equal(new PairedStopping(PairedTestKind.Wilcoxon, 0.1, 3), Parse("""{ "rule": "paired" }""").Stopping);
        Assert.Equal(new PairedStopping(PairedTestKind.T, 0.1, 2, AlphaSpendingFunction.Pocock),
            Parse("""{ "rule": "paired", "test": "t", "minFolds": 2, "spending": "pocock" }""").Stopping);
        Assert.Equal(new PairedStopping(Spending: AlphaSpendingFunction.OBrienFleming), Parse("""{ "rule": "paired", "spending": "obrien-fleming" }""").Stopping);
        Assert.Equal(new PairedStopping(Spending: AlphaSpendingFunction.None), Parse("""{ "rule": "paired", "spending": "none" }""").Stopping);
        Assert.Equal(new PairedStopping(PairedTestKind.T, 0.1, 2, FirstFold: true),
            Parse("""{ "rule": "paired", "test": "t", "minFolds": 2, "firstFold": true }""").Stopping);
        Assert.False(((PairedStopping)Parse("""{ "rule": "paired", "firstFold": false }""").Stopping).FirstFold);
        Assert.IsType<NoStopping>(Parse("""{ "rule": "none" }""").Stopping);
    }

    [Fact]
    public void StoppingIsNotASearchedPathAndARuleInterleavesTheFolds()
    {
        var spec = SpecSamples.Tiny(search: """{ "training.learningRate": { "grid": [0.1, 0.01] }, "stopping": { "rule": "paired" } }""");
        var plan = SweepPlanner.Plan("exp", spec);

        Assert.Equal(["training.learningRate"], plan.Spec.Search.Select(p => p.Path));
        Assert.Equal(2, plan.Trials.Count);
        Assert.All(plan.Trials, t => Assert.Equal([1, 2, 3], t.Folds.Select(f => f.InterleavedPosition)));
    }

    [Fact]
    public void AshaRungsGrowByTheReductionFactorBelowTheLastEpoch()
    {
        Assert.Equal([1, 3, 9], new AshaStopping(1, 3).Rungs(27));
        Assert.Equal([2, 8], new AshaStopping(2, 4, 10).Rungs(100));
        Assert.Equal([1, 2, 4], new AshaStopping(1, 2).Rungs(5));
    }

    [Theory]
    [InlineData("""{ "rule": "fast" }""", "search.stopping.rule")]
    [InlineData("""{ "minEpochs": 2 }""", "search.stopping.rule")]
    [InlineData("""[ "median" ]""", "search.stopping")]
    [InlineData("""{ "rule": "median", "minEpochs": 0 }""", "search.stopping.minEpochs")]
    [InlineData("""{ "rule": "median", "minTrials": 0 }""", "search.stopping.minTrials")]
    [InlineData("""{ "rule": "median", "alpha": 0.1 }""", "search.stopping.alpha")]
    [InlineData("""{ "rule": "asha", "reductionFactor": 1 }""", "search.stopping.reductionFactor")]
    [InlineData("""{ "rule": "asha", "gracePeriod": 0 }""", "search.stopping.gracePeriod")]
    [InlineData("""{ "rule": "asha", "gracePeriod": 3, "maxEpochs": 3 }""", "search.stopping.maxEpochs")]
    [InlineData("""{ "rule": "asha", "gracePeriod": 1.5 }""", "search.stopping.gracePeriod")]
    [InlineData("""{ "rule": "paired", "test": "mannwhitney" }""", "search.stopping.test")]
    [InlineData("""{ "rule": "paired", "alpha": 0 }""", "search.stopping.alpha")]
    [InlineData("""{ "rule": "paired", "alpha": 1 }""", "search.stopping.alpha")]
    [InlineData("""{ "rule": "paired", "minFolds": 1 }""", "search.stopping.minFolds")]
    [InlineData("""{ "rule": "paired", "spending": "bonferroni" }""", "search.stopping.spending")]
    [InlineData("""{ "rule": "paired", "spending": true }""", "search.stopping.spending")]
    [InlineData("""{ "rule": "asha", "spending": "pocock" }""", "search.stopping.spending")]
    [InlineData("""{ "rule": "paired", "firstFold": 1 }""", "search.stopping.firstFold")]
    [InlineData("""{ "rule": "paired", "firstFold": "yes" }""", "search.stopping.firstFold")]
    [InlineData("""{ "rule": "median", "firstFold": true }""", "search.stopping.firstFold")]
    public void RefusesABadRuleNamingTheField(string stopping, string field)
    {
        var error = Assert.Throws<SpecException>(() => Parse(stopping));

        Assert.Equal(field, error.Field);
    }
}
