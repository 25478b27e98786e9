using Grid.Grains.Specs;
using Grid.Grains.Stopping;
using Xunit;

namespace Grid.Tests.Stopping;

/// <summary>Median stopping per fold and epoch.</summary>
[Trait("Category", "Unit")]
public sealed class MedianStoppingRuleTests
{
    private static readonly MedianStoppingRule Rule = new(new MedianStopping(MinEpochs: 2, MinTrials: 3));

    private static readonly TrialProgress[] Others =
    [
        Progress.Running(0, 0.50, 0.60, 0.70), // mean over epochs 1-2: 0.55
        Progress.Running(1, 0.40, 0.50),       // 0.45
        Progress.Running(2, 0.60, 0.70),       // 0.65
        Progress.Running(3, 0.30),             // has not reached epoch 2
    ];

    [Fact]
    public void StopsAFoldWhoseBestIsBelowTheMedianOfTheOthersMeansAtTheSameEpoch()
    {
        var judged = Progress.Running(9, 0.52, 0.50);

        var decision = Rule.Check(judged, 1, 2, [.. Others, judged]);

        Assert.NotNull(decision);
        Assert.Equal((9, 1, 2, 3), (decision.TrialIndex, decision.Fold!.Value, decision.Epoch!.Value, decision.Compared));
        Assert.Equal(0.52, decision.Statistic, 12);
        Assert.Equal(0.55, decision.Threshold, 12);
        Assert.Contains("median", decision.Reason);
    }

    [Fact]
    public void KeepsAFoldAtOrAboveTheMedianBeforeMinEpochsOrWithTooFewOthers()
    {
        var good = Progress.Running(9, 0.40, 0.56);
        var weak = Progress.Running(9, 0.10, 0.10, 0.10);

        Assert.Null(Rule.Check(good, 1, 2, [.. Others, good]));
        Assert.Null(Rule.Check(weak, 1, 1, [.. Others, weak]));        // epoch 1 < minEpochs
        Assert.Null(Rule.Check(weak, 1, 3, [.. Others, weak]));        // one other trial reached epoch 3
        Assert.NotNull(Rule.Check(weak, 1, 2, [.. Others, weak]));
    }

    [Fact]
    public void TheMedianOfAnEvenCountIsTheMeanOfTheMiddleTwo()
    {
        Assert.Equal(2.5, MedianStoppingRule.Median([4, 1, 3, 2]), 12);
        Assert.Equal(3, MedianStoppingRule.Median([5, 3, 1]), 12);
    }
}
