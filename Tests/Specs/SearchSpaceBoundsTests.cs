using Grid.Grains.Specs;
using Grid.Tests.Cluster;
using Xunit;

namespace Grid.Tests.Specs;

/// <summary>The trial count is known before anything is expanded, and a sweep over the limit is refused at once.</summary>
[Trait("Category", "Unit")]
public sealed class SearchSpaceBoundsTests
{
    /// <summary>Eight grid parameters of ten values each: 10^8 points.</summary>
    private static readonly string HundredMillionPoints = "{ " + string.Join(", ",
        new[] { "training.learningRate", "training.momentum", "training.weightDecay", "training.stepGamma", "training.knnTemperature",
                "training.pitchShiftSemitones", "features.fMin", "training.warmupEpochs" }
        .Select((path, i) => $"\"{path}\": {{ \"grid\": [{string.Join(", ", Enumerable.Range(0, 10).Select(v => path.EndsWith("Epochs", StringComparison.Ordinal) ? v % 2 : (v + 1) / 100.0))}] }}")) + " }";

    [Fact]
    public void MaxTrialsOnAHundredMillionPointGridTakesItsFirstTrialsWithoutExpandingTheGrid()
    {
        var spec = SpecSamples.Tiny(search: HundredMillionPoints, extra: ", \"maxTrials\": 3");
        var before = GC.GetAllocatedBytesForCurrentThread();

        var plan = SweepPlanner.Plan("exp", spec);

        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 64 << 20, "the grid must not be expanded");
        Assert.Equal(3, plan.Trials.Count);
        // The last parameter (in path order) varies fastest, as in the full cartesian product.
        Assert.Equal(["0.01", "0.02", "0.03"], plan.Trials.Select(t => t.Parameters["training.weightDecay"]));
        Assert.All(plan.Trials, t => Assert.Equal("0", t.Parameters["training.warmupEpochs"]));
        Assert.All(plan.Trials, t => Assert.Equal("0.01", t.Parameters["training.learningRate"]));
        Assert.Equal(3, SearchSpaceExpander.CountTrials(SweepSpecParser.Parse(spec)));
    }

    [Fact]
    public void TheSameGridWithoutMaxTrialsIsRefusedNamingTheLimit()
    {
        var error = Assert.Throws<SpecException>(() => SweepPlanner.Plan("exp", SpecSamples.Tiny(search: HundredMillionPoints)));
        Assert.Equal("search", error.Field);
        Assert.Contains("100,000,000 trials", error.Message);
        Assert.Contains(SearchSpaceExpander.MaxTrials.ToString("N0", System.Globalization.CultureInfo.InvariantCulture), error.Message);
    }

    [Fact]
    public void TwoBillionSamplesAreRefusedAtOnceAndCappedByMaxTrials()
    {
        var refused = Assert.Throws<SpecException>(() => SweepPlanner.Plan("exp", SpecSamples.Tiny(extra: ", \"samples\": 2000000000")));
        Assert.Equal("samples", refused.Field);

        var capped = SweepPlanner.Plan("exp", SpecSamples.Tiny(extra: ", \"samples\": 2000000000, \"maxTrials\": 2",
            search: """{ "training.learningRate": { "uniform": [0.01, 0.1] } }"""));
        Assert.Equal(2, capped.Trials.Count);
        Assert.NotEqual(capped.Trials[0].Parameters["training.learningRate"], capped.Trials[1].Parameters["training.learningRate"]);
    }

    [Fact]
    public void ListedTrialsComeFirstAndAreCrossedWithTheGridInOrder()
    {
        var spec = SpecSamples.Tiny(search: """{ "training.learningRate": { "grid": [0.1, 0.2] } }""",
            extra: """, "trials": [{ "training.epochs": 1 }, { "training.epochs": 2 }]""");
        var plan = SweepPlanner.Plan("exp", spec);
        Assert.Equal(["0.1", "0.2", "0.1", "0.2"], plan.Trials.Select(t => t.Parameters["training.learningRate"]));
        Assert.Equal(["1", "1", "2", "2"], plan.Trials.Select(t => t.Parameters["training.epochs"]));
    }
}
