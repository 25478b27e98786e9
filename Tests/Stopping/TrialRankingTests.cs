using Grid.Client;
using Grid.Client.Reports;
using Grid.Client.SweepReports;
using Grid.Grains;
using Grid.Learning.Pretraining;
using Grid.Learning.Training;
using Xunit;
using Grid.Grains.Specs;
using Grid.Tests.SweepReports;
using static Grid.Tests.SweepReports.SweepSnapshots;

namespace Grid.Tests.Stopping;

/// <summary>
/// A trial a stopping rule stopped ranks after every trial without a stopped fold, though the folds it kept average
/// higher: in the console's leaderboard, the report's leaderboard and table cells, and the bench's "best trial".
/// </summary>
[Trait("Category", "Unit")]
public sealed class TrialRankingTests
{
    private const string StopReason = "stopped: asha: fold 2 accuracy 20.0 % at rung epoch 1 is below the cutoff";

    // t0 finished its 3 folds at 40 %; t1 kept fold 1 at 90 % but fold 2 was stopped (fold 3 never ran); t2 has only a
    // queued fold; t3 finished fold 1 at 30 % and fold 2 failed (partial, not stopped).
    private static ExperimentSnapshot Snapshot()
    {
        var plan = Plan();
        return SweepSnapshots.Snapshot(ExperimentState.Succeeded,
            Trial(plan, 0, Fold(0, 1, FoldState.Succeeded, 0.4), Fold(0, 2, FoldState.Succeeded, 0.4), Fold(0, 3, FoldState.Succeeded, 0.4)),
            Trial(plan, 1, Fold(1, 1, FoldState.Succeeded, 0.9), Stopped(1, 2, 0.2), Stopped(1, 3)),
            Trial(plan, 2, Fold(2, 1, FoldState.Queued), Fold(2, 2, FoldState.Queued), Fold(2, 3, FoldState.Queued)));
    }

    /// <summary>A trial whose aggregate covers its succeeded folds, as the trial grain computes it.</summary>
    private static TrialSummary Trial(SweepPlan plan, int index, params FoldStatus[] folds)
    {
        var trial = SweepSnapshots.Trial(plan, index, folds);
        var succeeded = folds.Where(f => f.State == FoldState.Succeeded).ToDictionary(f => f.Fold, f => f.EpochAccuracies);
        return trial with { Aggregate = TrialAggregator.Aggregate(succeeded) };
    }

    private static FoldStatus Stopped(int trial, int fold, params double[] accuracies) =>
        Fold(trial, fold, FoldState.Cancelled, accuracies) with { StopReason = StopReason };

    [Fact]
    public void AStoppedTrialRanksAfterTheCompleteOnesAndBeforeThoseWithNoFinishedFold()
    {
        var snapshot = Snapshot();
        Assert.True(snapshot.Trials[1].Aggregate.BestAverageAccuracy > snapshot.Trials[0].Aggregate.BestAverageAccuracy);

        Assert.Equal([0, 1, 2], TrialRanking.Order(snapshot.Trials).Select(t => t.Index));
        Assert.Equal([1, 0, 2], TrialRanking.Order(snapshot.Trials.Select(t => t.Index == 1 ? Unstopped(t) : t)).Select(t => t.Index));
    }

    [Fact]
    public void AFailedFoldDoesNotDemoteATrial()
    {
        var plan = Plan();
        var snapshot = SweepSnapshots.Snapshot(ExperimentState.Failed,
            Trial(plan, 0, Fold(0, 1, FoldState.Succeeded, 0.4), Fold(0, 2, FoldState.Succeeded, 0.4), Fold(0, 3, FoldState.Succeeded, 0.4)),
            Trial(plan, 1, Fold(1, 1, FoldState.Succeeded, 0.5), Fold(1, 2, FoldState.Failed), Fold(1, 3, FoldState.Succeeded, 0.5)));

        Assert.Equal([1, 0], TrialRanking.Order(snapshot.Trials).Select(t => t.Index));
    }

    [Fact]
    public void TheConsoleLeaderboardRanksTheCompleteTrialFirst()
    {
        var lines = Leaderboard.Render(Snapshot()).Split('\n');

        Assert.StartsWith("   1      0", lines[2]);
        Assert.StartsWith("   2      1", lines[3]);
        Assert.Contains("stopped (best avg over 1/3 folds, stopped)", lines[3]);
        Assert.StartsWith("   3      2", lines[4]);
    }

    [Fact]
    public void TheReportRanksTheStoppedTrialAfterTheOthersAndCountsItsStoppedFolds()
    {
        var snapshot = Snapshot();
        var data = SweepReportMapper.Map(new SweepReportInputs(snapshot, Plan(),
            snapshot.Trials.SelectMany(t => t.Folds).Where(f => f.State == FoldState.Succeeded).ToDictionary(f => f.Key, _ => Result(0)),
            new Dictionary<string, PretrainResult>(), 1));

        Assert.Equal([2, 3], data.Trials.Single(t => t.Name == "t1").StoppedFolds);
        Assert.Empty(data.Trials.Single(t => t.Name == "t0").StoppedFolds);
        Assert.Equal(["t0", "t1"], ReportAnalysis.Of(data).Ranked.Select(s => s.Trial.Name));

        var markdown = MarkdownRenderer.Render(ReportWriter.Build(data));
        Assert.Contains("trials a stopping rule stopped after the others", markdown);
        Assert.Contains("| 1 (2 stopped) |", markdown);
    }

    [Fact]
    public void ReportDataWithAStoppedFoldThatAlsoFinishedIsRejected()
    {
        var data = Grid.Tests.Reports.SampleReport.CrossValidation();
        var bad = data with { Trials = [data.Trials[0] with { StoppedFolds = [2] }, .. data.Trials.Skip(1)] };

        var error = Assert.Throws<ArgumentException>(() => { ReportAnalysis.Of(bad); });
        Assert.StartsWith("report data: trial t1: fold 2 is both stopped (StoppedFolds) and finished or running", error.Message);
    }

    private static TrialSummary Unstopped(TrialSummary trial) =>
        trial with { Folds = trial.Folds.Select(f => f with { StopReason = null }).ToArray() };
}
