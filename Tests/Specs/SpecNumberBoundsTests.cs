using Grid.Grains.Specs;
using Grid.Tests.Cluster;
using Xunit;

namespace Grid.Tests.Specs;

/// <summary>Spec numbers that feed arithmetic or conversions are bounded where they are parsed, naming their field.</summary>
[Trait("Category", "Unit")]
public sealed class SpecNumberBoundsTests
{
    [Fact]
    public void AnAshaGracePeriodOfIntMaxDoesNotWrapTheMaxEpochsCheck()
    {
        // gracePeriod + 1 wrapped to int.MinValue, so any maxEpochs passed "at least gracePeriod + 1".
        var spec = SpecSamples.Tiny(search: """{ "training.learningRate": { "grid": [0.1, 0.01] }, "stopping": { "rule": "asha", "gracePeriod": 2147483647, "maxEpochs": 3 } }""");

        var error = Assert.Throws<SpecException>(() => SweepPlanner.Plan("exp", spec));

        Assert.Equal("search.stopping.gracePeriod: must be at most 10000, the most epochs a job runs (got 2147483647)", error.Message);
        Assert.Equal(new AshaStopping(10_000, 3, 10_001),
            SweepPlanner.Plan("exp", SpecSamples.Tiny(search: """{ "stopping": { "rule": "asha", "gracePeriod": 10000, "maxEpochs": 10001 } }""")).Spec.Stopping);
    }

    [Theory]
    [InlineData("[1e19, 2e19]")]
    [InlineData("[-2e19, 1]")]
    [InlineData("[1, 9007199254740994]")]
    public void RandIntBoundsBeyondExactDoublesAreRefusedNotSaturated(string bounds)
    {
        var spec = SpecSamples.Tiny(search: $$"""{ "training.epochs": { "randint": {{bounds}} } }""");

        var error = Assert.Throws<SpecException>(() => SweepPlanner.Plan("exp", spec));

        Assert.Equal("search.training.epochs.randint", error.Field);
        Assert.Contains("bounds must lie within ±2^53", error.Message);
    }
}
