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

    /// <summary>Launches a sweep of 2-epoch folds over a new scripted dataset and waits for its end.</summary>
    private Task<(string Id, ExperimentSnapshot Snapshot)> RunAsync(string name, string folds, string learningRates, string stopping) =>
        RunAsync(name, dataset => SpecSamples.Tiny(location: dataset, folds: folds, epochs: 2,
            search: $$"""{ "training.learningRate": { "grid": {{learningRates}} }, "stopping": {{stopping}} }"""));

    private async Task<(string Id, ExperimentSnapshot Snapshot)> RunAsync(string name, Func<string, string> spec)
    {
        var id = name + Guid.NewGuid().ToString("N")[..8];
        var dataset = GridClusterFixture.NewDataset();
        GridClusterFixture.Executor.EpochDelays[dataset] = EpochDelay;
        await Experiment(id).LaunchAsync(spec(dataset));
        return (id, await Eventually.WaitAsync(() => Experiment(id).GetSnapshotAsync(), s => s.State != ExperimentState.Running, Limit, "the pruned sweep ends"));
    }

    private static double LearningRate(TrialSummary trial) => double.Parse(trial.Parameters["training.learningRate"], CultureInfo.InvariantCulture);

    [Fact]
    public async Task ThePairedRuleStopsTheLosersAfterTwoFoldsAndRetryStoppedRunsOneToTheEnd()
    {
        var (id, snapshot) = await RunAsync("stop", dataset => PrunedSpec(dataset));

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
    public async Task TheFirstFoldLookStopsClearLosersOnTheFirstFoldsClipsAndLeavesANearTieToTheFoldLooks()
    {
        var id = "first" + Guid.NewGuid().ToString("N")[..8];
        var dataset = GridClusterFixture.NewDataset();
        // Folds 2 and then 3–5 wait for the looks before them, so that no trial has run out of folds to stop when its look comes.
        var secondFold = GridClusterFixture.Executor.FoldGates[(dataset, 2)] = new ManualResetEventSlim(false);
        var laterFolds = new ManualResetEventSlim(false);
        foreach (var fold in new[] { 3, 4, 5 })
            GridClusterFixture.Executor.FoldGates[(dataset, fold)] = laterFolds;
        try
        {
            // Best epoch (2) of fold 1: 52, 53, 81 and 82 of the scripted executor's 100 clips right, each a prefix of the clips.
            await Experiment(id).LaunchAsync(SpecSamples.Tiny(location: dataset, folds: "[1, 2, 3, 4, 5]", epochs: 2,
                search: """{ "training.learningRate": { "grid": [0.01, 0.02, 0.3, 0.31] }, "stopping": { "rule": "paired", "test": "t", "alpha": 0.01, "minFolds": 2, "firstFold": true } }"""));
            await Eventually.WaitAsync(() => Experiment(id).GetSnapshotAsync(), s => s.StopDecisions.Count >= 2, Limit, "the first-fold look");
            secondFold.Set();
            await Eventually.WaitAsync(() => Experiment(id).GetSnapshotAsync(), s => s.StopDecisions.Count >= 3, Limit, "the look at two folds");
        }
        finally
        {
            secondFold.Set();
            laterFolds.Set();
        }
        var snapshot = await Eventually.WaitAsync(() => Experiment(id).GetSnapshotAsync(), s => s.State != ExperimentState.Running, Limit, "the pruned sweep ends");

        Assert.Equal(ExperimentState.Succeeded, snapshot.State);
        var winner = snapshot.Trials.MaxBy(LearningRate)!;
        Assert.True((5, 0) == (winner.FoldsSucceeded, winner.FoldsStopped), Describe(snapshot));
        Assert.True(3 == snapshot.StopDecisions.Count, Describe(snapshot));
        foreach (var loser in snapshot.Trials.Where(t => LearningRate(t) < 0.1))
        {
            // Fold 1: the winner right on 30 or 29 clips the loser got wrong, the loser on none the winner missed: p = 2^−30 or 2^−29 < α.
            var decision = Assert.Single(snapshot.StopDecisions, d => d.TrialIndex == loser.Index);
            Assert.Equal([1], decision.ComparedFolds);
            Assert.Equal(winner.Index, decision.AgainstTrial);
            var against = 82 - (LearningRate(loser) == 0.01 ? 52 : 53);
            Assert.Equal((against, (double)against, 0.01), (decision.Compared, decision.Statistic, decision.Threshold));
            Assert.Equal(Math.Pow(2, -against), decision.PValue!.Value, Math.Pow(2, -against) * 1e-9);
            Assert.Contains("McNemar", decision.Reason);
            Assert.True((1, 4) == (loser.FoldsSucceeded, loser.FoldsStopped), Describe(snapshot));
        }
        // 81 against 82 clips on fold 1 (p = 0.5) is left to the paired t-test over folds 1 and 2 (the same 0.01 apart on each: p far below α).
        var nearTie = snapshot.Trials.Single(t => LearningRate(t) == 0.3);
        var fromFolds = Assert.Single(snapshot.StopDecisions, d => d.TrialIndex == nearTie.Index);
        Assert.Equal([1, 2], fromFolds.ComparedFolds);
        Assert.DoesNotContain("McNemar", fromFolds.Reason);
        Assert.True((2, 3) == (nearTie.FoldsSucceeded, nearTie.FoldsStopped), Describe(snapshot));
    }

    [Fact]
    public async Task WithAlphaSpendingEachDecisionIsTestedAtItsLooksShareOfAlpha()
    {
        // Ten folds: a loser's folds after the second run long enough for its decision to reach them.
        var (_, snapshot) = await RunAsync("spend", "[1, 2, 3, 4, 5, 6, 7, 8, 9, 10]", "[0.01, 0.02, 0.03, 0.04]",
            """{ "rule": "paired", "test": "t", "alpha": 0.05, "minFolds": 2, "spending": "obrien-fleming" }""");

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
