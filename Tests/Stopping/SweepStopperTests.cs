using Grid.Grains;
using Grid.Grains.Specs;
using Grid.Grains.Stopping;
using Xunit;

namespace Grid.Tests.Stopping;

/// <summary>The sweep-level driver: each fold epoch or rung judged once, stopped and exempt trials left alone.</summary>
[Trait("Category", "Unit")]
public sealed class SweepStopperTests
{
    [Fact]
    public void AshaJudgesEachRungOnceAndNeverTheLastEpoch()
    {
        var stopper = new SweepStopper(new AshaStopping(1, 2), epochs: 4, folds: 1); // rungs 1 and 2
        var judged = new HashSet<string>();
        var leader = Progress.Running(0, 0.9);

        Assert.Empty(stopper.Decide([leader], [], judged, new HashSet<int>()));
        var late = Progress.Running(1, 0.5);
        var decisions = stopper.Decide([leader, late], [], judged, new HashSet<int>());

        var decision = Assert.Single(decisions);
        Assert.Equal((1, 1, 1), (decision.TrialIndex, decision.Fold!.Value, decision.Epoch!.Value));
        // Judged already: the same progress gives nothing new, and trial 0's rung 1 is not judged again.
        Assert.Empty(stopper.Decide([leader, late], decisions, judged, new HashSet<int>()));
        Assert.Equal(["asha/0/1/1", "asha/1/1/1"], judged.Order());
    }

    [Fact]
    public void PairedLeavesStoppedAndExemptTrialsAloneAndStopsTheRestAgainstTheIncumbent()
    {
        var stopper = new SweepStopper(new PairedStopping(PairedTestKind.T, 0.1, 2), epochs: 1, folds: 5);
        TrialProgress Trial(int index, params double[] scores) =>
            Progress.Make(index, scores.Select(s => new[] { s }).ToArray(), finished: scores.Length, folds: 5);
        var trials = new[]
        {
            Trial(0, 0.80, 0.82, 0.81),
            Trial(1, 0.60, 0.61, 0.62),
            Trial(2, 0.50, 0.52, 0.51),
            Trial(3, 0.40, 0.41, 0.43),
        };
        var before = new StopDecision(2, null, StoppingRule.Paired, [1, 2], null, 0, 2, -9, 0.1, 0.01, "earlier");

        var decisions = stopper.Decide(trials, [before], new HashSet<string>(), new HashSet<int> { 3 });

        var decision = Assert.Single(decisions);
        Assert.Equal((1, 0), (decision.TrialIndex, decision.AgainstTrial!.Value));
        Assert.True(decision.PValue < 0.1);
    }

    [Fact]
    public void NoRuleDecidesNothing()
    {
        var stopper = new SweepStopper(NoStopping.Instance, epochs: 3, folds: 1);

        Assert.Empty(stopper.Decide([Progress.Running(0, 0.9), Progress.Running(1, 0.1)], [], new HashSet<string>(), new HashSet<int>()));
    }
}
