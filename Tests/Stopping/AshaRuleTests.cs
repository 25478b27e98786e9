using Grid.Grains;
using Grid.Grains.Specs;
using Grid.Grains.Stopping;
using Xunit;

namespace Grid.Tests.Stopping;

/// <summary>ASHA rung promotion per fold against hand-computed cases.</summary>
[Trait("Category", "Unit")]
public sealed class AshaRuleTests
{
    private static readonly AshaRule Rule = new(new AshaStopping(GracePeriod: 1, ReductionFactor: 3), epochs: 9);

    [Fact]
    public void RungsAreTheGracePeriodTimesPowersOfTheReductionFactorBelowTheLastEpoch()
    {
        Assert.Equal([1, 3], Rule.Rungs);
    }

    [Fact]
    public void EachArrivalAtARungGoesOnOnlyInTheTopThirdOfWhatTheRungRecorded()
    {
        // Arrivals at rung 1 of fold 1, in order: 0.50, 0.40, 0.60, 0.52. η = 3: the cutoff is the 2/3 quantile of the
        // values recorded so far (the arriving one included), interpolated linearly between order statistics.
        var first = Progress.Running(0, 0.50);
        var second = Progress.Running(1, 0.40);
        var third = Progress.Running(2, 0.60);
        var fourth = Progress.Running(3, 0.52);

        // Alone: cutoff 0.50, not below it.
        Assert.Null(Rule.Check(first, 1, 1, [first]));
        // [0.40, 0.50]: position 2/3 → 0.40 + (2/3)·0.10 = 0.4667; 0.40 is below: stopped.
        var stopped = Rule.Check(second, 1, 1, [first, second]);
        Assert.NotNull(stopped);
        Assert.Equal(0.4 + 0.1 * 2 / 3, stopped.Threshold, 12);
        Assert.Equal((1, 1, 1, 0.40, 1), (stopped.TrialIndex, stopped.Fold!.Value, stopped.Epoch!.Value, stopped.Statistic, stopped.Compared));
        Assert.Equal(StoppingRule.Asha, stopped.Rule);
        // [0.40, 0.50, 0.60]: position 4/3 → 0.50 + (1/3)·0.10 = 0.5333; 0.60 goes on.
        Assert.Null(Rule.Check(third, 1, 1, [first, second, third]));
        // [0.40, 0.50, 0.52, 0.60]: position 2 → exactly 0.52; not below: goes on.
        Assert.Null(Rule.Check(fourth, 1, 1, [first, second, third, fourth]));
    }

    [Fact]
    public void ARungComparesTheAccuracyAtThatEpochOfTheSameFoldOnly()
    {
        // At rung 3: values at epoch 3 are 0.70 (trial 0), 0.62 (trial 1), 0.80 (trial 2 on fold 2: not compared).
        var leader = Progress.Running(0, 0.5, 0.6, 0.70);
        var other = Progress.Make(2, [[0.1], [0.5, 0.6, 0.80]], finished: 0, folds: 2);
        var judged = Progress.Running(1, 0.9, 0.9, 0.62);

        var decision = Rule.Check(judged, 1, 3, [leader, other, judged]);

        Assert.NotNull(decision);
        // [0.62, 0.70]: 0.62 + (2/3)·0.08.
        Assert.Equal(0.62 + 0.08 * 2 / 3, decision.Threshold, 12);
        Assert.Equal(0.62, decision.Statistic);
        Assert.Null(Rule.Check(judged, 1, 2, [leader, other, judged])); // epoch 2 is no rung
    }

    [Fact]
    public void QuantileInterpolatesAsNumpy()
    {
        Assert.Equal(2.5, AshaRule.Quantile([4, 1, 2, 3], 0.5), 12);
        Assert.Equal(3.4, AshaRule.Quantile([1, 2, 3, 4], 0.8), 12);
        Assert.Equal(7, AshaRule.Quantile([7], 0.75), 12);
    }
}
