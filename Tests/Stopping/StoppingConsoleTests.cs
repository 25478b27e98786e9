using Grid.Client;
using Grid.Grains;
using Grid.Grains.Specs;
using Grid.Learning.Analysis;
using Xunit;

namespace Grid.Tests.Stopping;

/// <summary>Stopped trials and folds in <c>sweep status</c>, <c>sweep results</c> and the report's notes.</summary>
[Trait("Category", "Unit")]
public sealed class StoppingConsoleTests
{
    private static FoldStatus Fold(int trial, int fold, FoldState state, int epochs, double seconds, string? stopReason = null) =>
        new($"e/{trial}/{fold}", fold, state, 0, 0, "S10.0.0.7:11111:1", -1, Enumerable.Repeat(0.5 + 0.01 * fold, epochs).ToArray(), 4,
            null, null, null, 0, seconds, 1, 0.7, 0.9) { StopReason = stopReason };

    private static TrialSummary Trial(int index, params FoldStatus[] folds)
    {
        var succeeded = folds.Where(f => f.State == FoldState.Succeeded).ToArray();
        var aggregate = Grid.Grains.TrialAggregator.Aggregate(succeeded.ToDictionary(f => f.Fold, f => f.EpochAccuracies));
        return new TrialSummary($"e/{index}", index, new Dictionary<string, string> { ["training.learningRate"] = $"0.0{index + 1}" }, folds.Length,
            succeeded.Length, 0, folds.Count(f => f.State == FoldState.Cancelled), aggregate, folds, 1);
    }

    private static readonly StopDecision Paired = new(1, null, StoppingRule.Paired, [1, 2, 3], null, 0, 3, -4.2, 0.1, 0.026,
        "paired: worse than trial 0 on folds 1,2,3 (one-sided p = 0.026 < α = 0.1)");

    private static ExperimentSnapshot Snapshot(IReadOnlyList<int>? runToEnd = null) =>
        new("e", "pruned", ExperimentState.Succeeded, DateTimeOffset.UnixEpoch,
        [
            Trial(0, Fold(0, 1, FoldState.Succeeded, 4, 2), Fold(0, 2, FoldState.Succeeded, 4, 2), Fold(0, 3, FoldState.Succeeded, 4, 2),
                Fold(0, 4, FoldState.Succeeded, 4, 2), Fold(0, 5, FoldState.Succeeded, 4, 2)),
            // Stopped: fold 4 after 1 of 4 epochs (3 epochs × 3 s saved), fold 5 before it started (4 epochs × the mean 19/9 s of the timed folds: 17.4 s in all).
            Trial(1, Fold(1, 1, FoldState.Succeeded, 4, 2), Fold(1, 2, FoldState.Succeeded, 4, 2), Fold(1, 3, FoldState.Succeeded, 4, 2),
                Fold(1, 4, FoldState.Cancelled, 1, 3, "stopped: " + Paired.Reason), Fold(1, 5, FoldState.Cancelled, 0, 0, "stopped: " + Paired.Reason)),
        ], 2, 4)
        {
            StopDecisions = [Paired],
            RunToEnd = runToEnd ?? [],
        };

    [Fact]
    public void SlotTimeSavedIsTheStoppedFoldsEpochsNotRun()
    {
        var meanEpoch = (8 * 2.0 + 3) / 9;

        Assert.Equal(3 * 3 + 4 * meanEpoch, StoppingSummary.SlotSecondsSaved(Snapshot()), 9);
    }

    [Fact]
    public void StatusShowsStoppedFoldsTheReasonAndTheSaving()
    {
        var text = SweepTable.Render(Snapshot());

        Assert.Contains("3/5 (2 stopped)", text);
        Assert.Contains("(3/5 folds, stopped)", text);
        Assert.Contains("stopped trial 1: paired: worse than trial 0 on folds 1,2,3", text);
        Assert.Contains("stopping saved about 17 slot-seconds (2 folds stopped)", text);
    }

    [Fact]
    public void ResultsSayAStoppedTrialsBestAverageCoversOnlyItsFinishedFolds()
    {
        var snapshot = Snapshot();
        var text = Leaderboard.Render(snapshot);

        var line = text.Split('\n').Single(l => l.Contains("learningRate=0.02"));
        Assert.Contains("stopped (best avg over 3/5 folds, stopped)", line);
        Assert.Equal(FoldAggregate.Of([[0.51, 0.51, 0.51, 0.51], [0.52, 0.52, 0.52, 0.52], [0.53, 0.53, 0.53, 0.53]]).BestMean,
            snapshot.Trials[1].Aggregate.BestAverageAccuracy, 12);
        Assert.Contains("stopped trial 1: paired", text);
        Assert.DoesNotContain("stopped", text.Split('\n').Single(l => l.Contains("learningRate=0.01")));
    }

    [Fact]
    public void TheReportNotesListTheDecisionsAndStoppedFolds()
    {
        var notes = Client.SweepReports.SweepReportNotes.Progress(Snapshot()).ToArray();

        Assert.Contains(notes, n => n.Contains("covers 3 of 5 folds (not finished: 4 stopped, 5 stopped)"));
        Assert.Contains(notes, n => n.StartsWith("stopped trial 1: paired: worse than trial 0") && n.Contains("p = 0.026"));
        Assert.Contains(notes, n => n.StartsWith("stopping saved about 17 slot-seconds"));
    }

    [Fact]
    public void ATrialRunToTheEndIsNoLongerListedAsStopped()
    {
        var lines = StoppingSummary.Lines(Snapshot(runToEnd: [1])).ToArray();

        Assert.Equal(["trial 1 was stopped and is run to the end (sweep retry --stopped)"], lines);
    }
}
