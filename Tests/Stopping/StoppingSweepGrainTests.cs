using System.Globalization;
using Grid.Grains;
using Grid.Grains.Specs;
using Grid.Tests.Cluster;
using Xunit;

namespace Grid.Tests.Stopping;

/// <summary>Pruned sweeps on the in-process two-silo cluster with the scripted executor (accuracy rises with the learning rate).</summary>
[Collection(GridClusterCollection.Name)]
[Trait("Category", "Cluster")]
public sealed class StoppingSweepGrainTests(GridClusterFixture fixture)
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(90);

    /// <summary>Long enough that a decision reaches the folds before a loser's later folds have run.</summary>
    public static readonly TimeSpan EpochDelay = TimeSpan.FromMilliseconds(250);

    private IExperimentGrain Experiment(string id) => fixture.Cluster.Client.GetGrain<IExperimentGrain>(id);

    /// <summary>Four learning rates over five folds; the scripted accuracy is higher by the learning rate on every fold, so the paired t-test finds the losers after two.</summary>
    public static string PrunedSpec(string location, string stopping = """{ "rule": "paired", "test": "t", "alpha": 0.05, "minFolds": 2 }""") =>
        SpecSamples.Tiny(location: location, folds: "[1, 2, 3, 4, 5]", epochs: 2,
            search: $$"""{ "training.learningRate": { "grid": [0.01, 0.02, 0.03, 0.04] }, "stopping": {{stopping}} }""");

    internal static string Describe(ExperimentSnapshot snapshot) =>
        string.Join("; ", snapshot.Trials.Select(t => $"trial {t.Index}: " + string.Join(",", t.Folds.Select(f => $"{f.Fold}{f.State}{(f.IsStopped ? "!" : "")}"))))
        + " | " + string.Join("; ", snapshot.StopDecisions.Select(d => $"{d.TrialIndex}: {d.Reason}"));

    private static double LearningRate(TrialSummary trial) => double.Parse(trial.Parameters["training.learningRate"], CultureInfo.InvariantCulture);

    [Fact]
    public async Task ThePairedRuleStopsTheLosersAfterTwoFoldsAndRetryStoppedRunsOneToTheEnd()
    {
        var id = "stop" + Guid.NewGuid().ToString("N")[..8];
        var dataset = GridClusterFixture.NewDataset();
        GridClusterFixture.Executor.EpochDelays[dataset] = EpochDelay;
        await Experiment(id).LaunchAsync(PrunedSpec(dataset));

        var snapshot = await Eventually.WaitAsync(() => Experiment(id).GetSnapshotAsync(), s => s.State != ExperimentState.Running, Limit, "the pruned sweep ends");

        Assert.Equal(ExperimentState.Succeeded, snapshot.State);
        var winner = snapshot.Trials.MaxBy(LearningRate)!;
        Assert.True((5, 0) == (winner.FoldsSucceeded, winner.FoldsStopped), Describe(snapshot));
        Assert.DoesNotContain(snapshot.StopDecisions, d => d.TrialIndex == winner.Index);
        foreach (var loser in snapshot.Trials.Where(t => t.Index != winner.Index))
        {
            var decision = Assert.Single(snapshot.StopDecisions, d => d.TrialIndex == loser.Index);
            // Against the incumbent of the moment: a better trial, the winner or one still ahead of this one then.
            Assert.Equal(StoppingRule.Paired, decision.Rule);
            Assert.True(LearningRate(snapshot.Trials[decision.AgainstTrial!.Value]) > LearningRate(loser), decision.Reason);
            Assert.True(decision.PValue < 0.05, $"p = {decision.PValue}");
            Assert.True(decision.ComparedFolds.Count >= 2);
            Assert.True(loser.FoldsSucceeded < 5, $"trial {loser.Index} ran every fold");
            Assert.True(loser.FoldsStopped >= 1);
            Assert.Equal(loser.FoldsTotal, loser.FoldsSucceeded + loser.FoldsStopped);
            Assert.All(loser.Folds.Where(f => f.IsStopped), f => Assert.StartsWith("stopped: paired: worse than trial", f.StopReason));
            Assert.True(loser.IsPartial);
            Assert.Equal(loser.FoldsSucceeded, loser.Aggregate.FoldsCovered);
        }

        var retried = snapshot.Trials.Where(t => t.Index != winner.Index).MinBy(LearningRate)!;
        Assert.Equal(retried.FoldsStopped, await Experiment(id).RetryStoppedAsync(retried.Index));
        // A plain retry leaves the other stopped trials stopped.
        Assert.Equal(0, await Experiment(id).RetryAsync());

        var after = await Eventually.WaitAsync(() => Experiment(id).GetSnapshotAsync(), s => s.State != ExperimentState.Running, Limit, "the retried trial runs to the end");

        var full = after.Trials.Single(t => t.Index == retried.Index);
        Assert.Equal((5, 0, 5), (full.FoldsSucceeded, full.FoldsStopped, full.Aggregate.FoldsCovered));
        Assert.Equal([retried.Index], after.RunToEnd);
        Assert.Single(after.StopDecisions, d => d.TrialIndex == retried.Index);
        Assert.DoesNotContain(after.ActiveStops, d => d.TrialIndex == retried.Index);
        Assert.All(after.Trials.Where(t => t.Index != winner.Index && t.Index != retried.Index), t => Assert.True(t.FoldsStopped >= 1));
    }

    [Fact]
    public async Task WithAlphaSpendingEachDecisionIsTestedAtItsLooksShareOfAlpha()
    {
        var id = "spend" + Guid.NewGuid().ToString("N")[..8];
        var dataset = GridClusterFixture.NewDataset();
        GridClusterFixture.Executor.EpochDelays[dataset] = EpochDelay;
        // Ten folds: a loser's folds after the second run long enough for its decision to reach them.
        await Experiment(id).LaunchAsync(SpecSamples.Tiny(location: dataset, folds: "[1, 2, 3, 4, 5, 6, 7, 8, 9, 10]", epochs: 2,
            search: """{ "training.learningRate": { "grid": [0.01, 0.02, 0.03, 0.04] }, "stopping": { "rule": "paired", "test": "t", "alpha": 0.05, "minFolds": 2, "spending": "obrien-fleming" } }"""));

        var snapshot = await Eventually.WaitAsync(() => Experiment(id).GetSnapshotAsync(), s => s.State != ExperimentState.Running, Limit, "the pruned sweep ends");

        Assert.Equal(ExperimentState.Succeeded, snapshot.State);
        var winner = snapshot.Trials.MaxBy(LearningRate)!;
        Assert.True((10, 0) == (winner.FoldsSucceeded, winner.FoldsStopped), Describe(snapshot));
        // The scripted scores differ by the same amount on every fold, so the t-test's p is far below any share.
        var rule = new PairedStopping(PairedTestKind.T, 0.05, 2, Grid.Learning.Analysis.AlphaSpendingFunction.OBrienFleming);
        Assert.True(3 == snapshot.StopDecisions.Count, Describe(snapshot));
        foreach (var decision in snapshot.StopDecisions)
        {
            // The grain measured the look against the sweep's 10 folds: O'Brien–Fleming's share at 2 of 10 is about 5e-7.
            Assert.Equal(rule.Level(decision.ComparedFolds.Count, 10), decision.Threshold);
            Assert.True(decision.Threshold < 0.05 && decision.PValue < decision.Threshold, decision.Reason);
            Assert.Contains("of 10 folds of α = 0.05 (obrien-fleming spending)", decision.Reason);
        }
    }
}
