using Grid.Client.Reports;
using Grid.Client.SweepReports;
using Grid.Grains;
using Grid.Learning.Pretraining;
using Grid.Learning.Training;
using Xunit;
using static Grid.Tests.SweepReports.SweepSnapshots;

namespace Grid.Tests.SweepReports;

[Trait("Category", "Unit")]
public sealed class SweepReportMapperTests
{
    [Fact]
    public void TrialsAreNamedInTheSeedsTermsWithTheirSucceededFoldsKAndDetailFold()
    {
        var plan = Plan();
        var snapshot = Snapshot(ExperimentState.Succeeded,
            Trial(plan, 0, Fold(0, 1, FoldState.Succeeded, 0.2, 0.4, 0.3), Fold(0, 2, FoldState.Succeeded, 0.1, 0.5, 0.6), Fold(0, 3, FoldState.Succeeded, 0.3, 0.3, 0.3)),
            Trial(plan, 1, Fold(1, 1, FoldState.Succeeded, 0.7), Fold(1, 2, FoldState.Succeeded, 0.6), Fold(1, 3, FoldState.Succeeded, 0.5)),
            Trial(plan, 2, Fold(2, 1, FoldState.Succeeded, 0.1, 0.2, 0.9), Fold(2, 2, FoldState.Succeeded, 0.2, 0.2, 0.2), Fold(2, 3, FoldState.Succeeded, 0.3, 0.3, 0.3)));
        var results = new Dictionary<string, FoldResult>
        {
            [$"{Id}/0/1"] = Result(1),
            [$"{Id}/1/1"] = Result(2, chosenK: 10),
            [$"{Id}/1/2"] = Result(0, chosenK: 5),
            [$"{Id}/1/3"] = Result(0, chosenK: 10),
            [$"{Id}/2/1"] = Result(0),
        };
        var pretrainingKey = plan.Trials[0].Folds[0].Pretraining!.Key;
        var inputs = new SweepReportInputs(snapshot, plan, results, new Dictionary<string, PretrainResult> { [pretrainingKey] = new([5.1, 4.2]) }, 1);

        var data = SweepReportMapper.Map(inputs);

        Assert.Equal(Classes, data.Classes);
        Assert.Equal("UrbanSound8K", data.Dataset);
        Assert.Equal(9, data.Seed);
        Assert.Equal(1, data.DetailFold);
        Assert.Equal(["t0", "t1", "t2"], data.Trials.Select(t => t.Name));
        Assert.Equal(["MoCo fine-tune", "MoCo kNN", "Scratch"], data.Trials.Select(t => t.Method));
        Assert.All(data.Trials, t => Assert.Equal("ResNet-18", t.Group));
        Assert.Equal("finetune", data.Trials[0].Parameters["protocol"]);
        Assert.Equal([0.1, 0.5, 0.6], data.Trials[0].Folds.Single(f => f.Fold == 2).ValidationAccuracy);
        Assert.Equal([null, 10, null], data.Trials.Select(t => t.ChosenK));

        var detail = data.Trials[1].Detail!;
        Assert.Equal(1, detail.Fold);
        Assert.Equal([0, 1, 2, 1], detail.Labels);
        Assert.Equal([2, 0, 1, 0], detail.Predicted);
        Assert.Equal([1f, 1f, 2f], detail.Embeddings![1]);

        var curve = Assert.Single(data.Pretraining);
        Assert.Equal("MoCo", curve.Method);
        Assert.Equal([5.1, 4.2], curve.Loss);
        Assert.Contains("K=16", curve.Label);
        Assert.Contains("t0, t1", curve.Label);
        Assert.DoesNotContain("t2", curve.Label);
    }

    [Fact]
    public void ARunningSweepCoversItsSucceededFoldsAndSaysSo()
    {
        var plan = Plan();
        var snapshot = Snapshot(ExperimentState.Running,
            Trial(plan, 0, Fold(0, 1, FoldState.Succeeded, 0.2, 0.4, 0.3), Fold(0, 2, FoldState.Running, 0.1), Fold(0, 3, FoldState.Failed)),
            Trial(plan, 1, Fold(1, 1, FoldState.Queued), Fold(1, 2, FoldState.Queued), Fold(1, 3, FoldState.Queued)),
            Trial(plan, 2, Fold(2, 1, FoldState.Succeeded, 0.5, 0.6, 0.7), Fold(2, 2, FoldState.Succeeded, 0.4, 0.4, 0.4), Fold(2, 3, FoldState.Succeeded, 0.3, 0.3, 0.3)));
        var inputs = new SweepReportInputs(snapshot, plan, new Dictionary<string, FoldResult> { [$"{Id}/2/1"] = Result(0) }, new Dictionary<string, PretrainResult>(), 1);

        var data = SweepReportMapper.Map(inputs);

        Assert.Equal(["t0", "t2"], data.Trials.Select(t => t.Name));
        Assert.Equal([1], data.Trials[0].Folds.Select(f => f.Fold));
        Assert.Null(data.Trials[0].Detail);
        Assert.Empty(data.Pretraining);
        Assert.Contains(data.Notes, n => n.Contains("still running") && n.Contains("4 of 9 fold jobs"));
        Assert.Contains(data.Notes, n => n.Contains("t1 has no succeeded fold"));
        Assert.Contains(data.Notes, n => n.Contains("t0 covers 1 of 3 folds") && n.Contains("2 running") && n.Contains("3 failed"));
        Assert.Contains(data.Notes, n => n.Contains("has not finished: no loss curve"));
    }

    [Fact]
    public void RunningFoldsWithFinishedEpochsBecomePartialCurvesAndKeepARunningOnlyTrial()
    {
        var plan = Plan();
        var snapshot = Snapshot(ExperimentState.Running,
            Trial(plan, 0, Fold(0, 1, FoldState.Succeeded, 0.2, 0.4, 0.3), Fold(0, 2, FoldState.Running, 0.1, 0.3), Fold(0, 3, FoldState.Running)),
            Trial(plan, 1, Fold(1, 1, FoldState.Running, 0.5), Fold(1, 2, FoldState.Queued), Fold(1, 3, FoldState.Running, 0.4, 0.45)),
            Trial(plan, 2, Fold(2, 1, FoldState.Queued), Fold(2, 2, FoldState.Queued), Fold(2, 3, FoldState.Queued)));
        var inputs = new SweepReportInputs(snapshot, plan, new Dictionary<string, FoldResult> { [$"{Id}/0/1"] = Result(0) }, new Dictionary<string, PretrainResult>(), 1);

        var data = SweepReportMapper.Map(inputs);

        Assert.Equal(["t0", "t1"], data.Trials.Select(t => t.Name));
        var (t0, t1) = (data.Trials[0], data.Trials[1]);
        Assert.Equal([1], t0.Folds.Select(f => f.Fold));
        // Fold 3 is running but has no finished epoch: nothing to draw.
        var partial = Assert.Single(t0.RunningFolds);
        Assert.Equal(2, partial.Fold);
        Assert.Equal([0.1, 0.3], partial.ValidationAccuracy);
        Assert.Empty(t1.Folds);
        Assert.Equal([1, 3], t1.RunningFolds.Select(f => f.Fold));
        Assert.Equal([0.4, 0.45], t1.RunningFolds[1].ValidationAccuracy);
        Assert.Null(t1.ChosenK);
        Assert.Contains(data.Notes, n => n.Contains("1 of 9 fold jobs") && n.Contains("3 running folds are drawn as dashed partial curves"));
        Assert.Contains(data.Notes, n => n.Contains("t1 has no succeeded fold yet: drawn in the validation curves (running folds 1, 3), but left out of the tables."));
        Assert.Contains(data.Notes, n => n.Contains("t2 has no succeeded fold yet and is left out."));

        var markdown = MarkdownRenderer.Render(ReportWriter.Build(data));
        var (_, leaderboard) = Reports.MarkdownTables.After(markdown, "## Leaderboard");
        Assert.Equal(["t0"], leaderboard.Select(r => r[1]));
        Assert.Contains("Running: t0 fold 2 (2 epochs); t1 fold 1 (1 epoch), fold 3 (2 epochs).", markdown);
    }

    [Theory]
    [InlineData("[]", "every fold, including validation folds 1, 2, 3")]
    [InlineData("[3, 4, 5]", "folds 3, 4, 5, including validation folds 3:")]
    public void PretrainingOnValidationFoldsIsStated(string pretrainingFolds, string expected)
    {
        var plan = Plan(pretrainingFolds: pretrainingFolds);

        var notes = SweepReportNotes.Pretraining(Inputs(plan)).ToList();

        var note = Assert.Single(notes, n => n.Contains("validation folds"));
        Assert.Contains(expected, note);
    }

    [Fact]
    public void PretrainingOnOtherFoldsNeedsNoNote()
    {
        var plan = Plan(pretrainingFolds: "[4, 5, 6, 7, 8, 9, 10]");

        Assert.DoesNotContain(SweepReportNotes.Pretraining(Inputs(plan)), n => n.Contains("validation folds"));
    }

    [Fact]
    public void ScratchTrialsDoNotStartFromThePretraining()
    {
        var runs = SweepReportNotes.PretrainingRuns(Plan("""["scratch", "freeze"]"""));

        var run = Assert.Single(runs);
        Assert.Equal([1], run.Trials);
        Assert.Equal(PretrainMethod.Moco, run.Request.Method);
    }

    [Fact]
    public void NothingFinishedIsAnErrorNamingTheExperiment()
    {
        var plan = Plan();
        var snapshot = Snapshot(ExperimentState.Running, Trial(plan, 0, Fold(0, 1, FoldState.Running, 0.2)));
        var inputs = new SweepReportInputs(snapshot, plan, new Dictionary<string, FoldResult>(), new Dictionary<string, PretrainResult>(), 1);

        var error = Assert.Throws<InvalidOperationException>(() => SweepReportMapper.Map(inputs));
        Assert.Contains(Id, error.Message);
    }

    [Fact]
    public void OnlyKnnFoldsAndTheDetailFoldAreFetched()
    {
        var plan = Plan();
        var snapshot = Snapshot(ExperimentState.Succeeded,
            Trial(plan, 0, Fold(0, 1, FoldState.Succeeded, 0.2), Fold(0, 2, FoldState.Succeeded, 0.2)),
            Trial(plan, 1, Fold(1, 1, FoldState.Succeeded, 0.2), Fold(1, 2, FoldState.Succeeded, 0.2), Fold(1, 3, FoldState.Failed)));

        var keys = SweepReportInputs.FoldsToFetch(snapshot, plan, 2).Select(f => f.Key);

        Assert.Equal([$"{Id}/0/2", $"{Id}/1/1", $"{Id}/1/2"], keys);
    }

    [Fact]
    public void ARunningSweepWhoseDetailFoldHasNotFinishedIsStillReportedFromAnotherFold()
    {
        var plan = Plan("""["finetune", "scratch"]""");
        var snapshot = Snapshot(ExperimentState.Running,
            Trial(plan, 0, Fold(0, 1, FoldState.Running, 0.2), Fold(0, 2, FoldState.Succeeded, 0.3, 0.5)),
            Trial(plan, 1, Fold(1, 1, FoldState.Queued), Fold(1, 2, FoldState.Running, 0.4)));

        var fetched = SweepReportInputs.FoldsToFetch(snapshot, plan, 1);
        var data = SweepReportMapper.Map(new SweepReportInputs(snapshot, plan, fetched.ToDictionary(f => f.Key, _ => Result(0)),
            new Dictionary<string, PretrainResult>(), 1));

        Assert.Equal([$"{Id}/0/2"], fetched.Select(f => f.Key));
        Assert.Equal(Classes, data.Classes);
        Assert.Equal([2], data.Trials[0].Folds.Select(f => f.Fold));
        Assert.Null(data.Trials[0].Detail);
    }

    [Fact]
    public void TheReportStatesEachTrialsDataWaitShareFromItsStoredEpochs()
    {
        var plan = Plan();
        var snapshot = Snapshot(ExperimentState.Succeeded,
            Trial(plan, 0, Fold(0, 1, FoldState.Succeeded, 0.5), Fold(0, 2, FoldState.Succeeded, 0.5)),
            Trial(plan, 1, Fold(1, 1, FoldState.Succeeded, 0.5)));
        FoldResult Waited(double seconds, double waited)
        {
            var result = Result(0);
            return result with { Epochs = [result.Epochs[0] with { Seconds = seconds, DataWaitSeconds = waited }] };
        }
        var results = new Dictionary<string, FoldResult>
        {
            [$"{Id}/0/1"] = Waited(10, 1),
            [$"{Id}/0/2"] = Waited(30, 7),
            [$"{Id}/1/1"] = Result(0),   // stored before the wait was measured: no figure
        };
        var pretrainingKey = plan.Trials[0].Folds[0].Pretraining!.Key;
        var inputs = new SweepReportInputs(snapshot, plan, results, new Dictionary<string, PretrainResult> { [pretrainingKey] = new([1.0]) }, 1);

        var note = Assert.Single(SweepReportMapper.Map(inputs).Notes, n => n.StartsWith("data wait %", StringComparison.Ordinal));

        Assert.StartsWith("data wait %: t0 20.0 (", note);   // (1 + 7) s of (10 + 30) s
        Assert.DoesNotContain("t1", note);
    }

    private static SweepReportInputs Inputs(Grid.Grains.Specs.SweepPlan plan) =>
        new(Snapshot(ExperimentState.Succeeded), plan, new Dictionary<string, FoldResult>(), new Dictionary<string, PretrainResult>(), 1);
}
