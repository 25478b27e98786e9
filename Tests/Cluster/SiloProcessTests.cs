using Grid.Client;
using Grid.Grains;
using Xunit;
using Xunit.Abstractions;

namespace Grid.Tests.Cluster;

/// <summary>End to end: real silo processes, Azure Table membership and Blob storage on Azurite, real (tiny) training.</summary>
[Collection(SiloProcessCollection.Name)]
[Trait("Category", "Process")]
public sealed class SiloProcessTests(SiloProcessFixture fixture, ITestOutputHelper output)
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(3);

    // A test that must catch a fold mid-run gives it enough epochs that, even where an epoch takes 0.05 s,
    // the fold runs for seconds: a few epochs finish between two polls of the snapshot on a fast machine.
    private const int KilledFoldEpochs = 40;
    private const int RestartedFoldEpochs = 20;
    private const int CancelledFoldEpochs = 40;

    private static Task<ExperimentSnapshot> WaitAsync(IClusterClient client, string id, Func<ExperimentSnapshot, bool> condition, string description) =>
        Eventually.WaitAsync(() => client.GetGrain<IExperimentGrain>(id).GetSnapshotAsync(), condition, Limit, description);

    [Fact]
    public async Task TenFoldsOnTwoSilosFinishAndTheAggregateMatchesTheStoredFoldResultsWhileASecondExperimentProgresses()
    {
        await using var grid = fixture.NewGrid("ten");
        var silos = new[] { await grid.StartSiloAsync(), await grid.StartSiloAsync() };
        var client = await grid.ClientAsync();
        const string id = "ten-folds";
        // Long enough that, even on a loaded machine, the ten folds are still running when the second sweep is scheduled.
        const int epochs = 6;
        await client.GetGrain<IExperimentGrain>(id).LaunchAsync(fixture.Spec("ten", "[1, 2, 3, 4, 5, 6, 7, 8, 9, 10]", epochs: epochs));
        await client.GetGrain<IExperimentGrain>("second").LaunchAsync(fixture.Spec("second", "[1, 2]", epochs: 2));

        await WaitAsync(client, "second", s => s.State != ExperimentState.Running, "the second experiment finishes");
        var meanwhile = await client.GetGrain<IExperimentGrain>(id).GetSnapshotAsync();
        Assert.True(meanwhile.Trials[0].FoldsSucceeded < 10, "the second experiment waited for the first one's ten folds");
        var snapshot = await WaitAsync(client, id, s => s.State != ExperimentState.Running, "the ten folds finish");

        Assert.Equal(ExperimentState.Succeeded, snapshot.State);
        var trial = Assert.Single(snapshot.Trials);
        Assert.Equal(10, trial.FoldsSucceeded);
        Assert.Equal(2, trial.Folds.Select(f => f.Silo).Distinct().Count());
        var results = new List<double[]>();
        foreach (var fold in trial.Folds)
            results.Add((await fixture.StoredResultAsync(fold)).Epochs.Select(e => e.Accuracy).ToArray());
        var means = Enumerable.Range(0, epochs).Select(e => results.Average(r => r[e])).ToArray();
        var stds = Enumerable.Range(0, epochs).Select(e => Math.Sqrt(results.Sum(r => Math.Pow(r[e] - means[e], 2)) / (results.Count - 1))).ToArray(); // sample std (n − 1)
        var best = Array.IndexOf(means, means.Max());
        Assert.Equal(10, trial.Aggregate.FoldsCovered);
        Assert.Equal(means, trial.Aggregate.EpochMean.ToArray(), new Tolerance());
        Assert.Equal(stds, trial.Aggregate.EpochStd.ToArray(), new Tolerance());
        Assert.Equal(means[best], trial.Aggregate.BestAverageAccuracy, 9);
        Assert.Equal(stds[best], trial.Aggregate.BestAverageStd, 9);
        Assert.Equal(means[^1], trial.Aggregate.LastEpochMean, 9);
        // Each silo planned the built-in sweep when it started and passed its states through the grain storage serializer,
        // so that its first launch does not pay the planner's or the serializer's first use.
        foreach (var silo in silos)
            Assert.True(await silo.WaitForOutputAsync(o => o.Contains("Sweep planner warmed up: 4 trials planned, their experiment's and a trial's state serialized (", StringComparison.Ordinal), Limit),
                "a silo did not warm its sweep planner and state serializer up");
    }

    [Fact]
    public async Task AKilledSilosFoldResumesFromItsCheckpointOnTheSurvivor()
    {
        await using var grid = fixture.NewGrid("kill");
        var silos = new[] { await grid.StartSiloAsync(), await grid.StartSiloAsync() };
        var client = await grid.ClientAsync();
        const string id = "killed";
        await client.GetGrain<IExperimentGrain>(id).LaunchAsync(fixture.Spec("kill", "[1, 2]", epochs: KilledFoldEpochs));

        var midFold = await WaitAsync(client, id,
            s => s.Trials.Count == 1 && s.Trials[0].Folds.Any(f => f.State == FoldState.Running && f.EpochAccuracies.Count >= 1),
            "a fold has finished an epoch");
        var victim = midFold.Trials[0].Folds.First(f => f.State == FoldState.Running && f.EpochAccuracies.Count >= 1);
        var killed = silos.Single(s => s.Output.Contains($"Runner of {victim.Silo} started", StringComparison.Ordinal));
        killed.Kill();
        output.WriteLine($"killed the silo of {victim.Key} after {victim.EpochAccuracies.Count} epochs");

        var snapshot = await WaitAsync(client, id, s => s.State != ExperimentState.Running, "both folds finish on the survivor");

        Assert.Equal(ExperimentState.Succeeded, snapshot.State);
        var resumed = snapshot.Trials[0].Folds.Single(f => f.Key == victim.Key);
        Assert.Equal(FoldState.Succeeded, resumed.State);
        Assert.True(resumed.Interruptions >= 1, "the fold was not re-queued");
        Assert.True(resumed.ResumedFromEpoch >= victim.EpochAccuracies.Count, $"restarted at epoch {resumed.ResumedFromEpoch}");
        Assert.Equal(KilledFoldEpochs, resumed.EpochAccuracies.Count);
        Assert.Equal(0, resumed.Attempts);
        Assert.Equal(KilledFoldEpochs, (await fixture.StoredResultAsync(resumed)).Epochs.Count);
    }

    [Fact]
    public async Task AWholeClusterRestartMidSweepNeitherLosesNorRepeatsFolds()
    {
        await using var grid = fixture.NewGrid("restart");
        await grid.StartSiloAsync();
        await grid.StartSiloAsync();
        var client = await grid.ClientAsync();
        const string id = "restarted";
        await client.GetGrain<IExperimentGrain>(id).LaunchAsync(fixture.Spec("restart", "[1, 2, 3, 4]", epochs: RestartedFoldEpochs));
        var before = await WaitAsync(client, id,
            s => s.Trials.Count == 1 && s.Trials[0].FoldsSucceeded >= 1 && s.Trials[0].Folds.Any(f => f.State != FoldState.Succeeded),
            "one fold done, others not");
        var finishedBefore = before.Trials[0].Folds.Where(f => f.State == FoldState.Succeeded).ToDictionary(f => f.Key);

        foreach (var silo in grid.Silos) silo.Kill();
        await grid.DropClientAsync();
        await grid.StartSiloAsync();
        await grid.StartSiloAsync();
        client = await grid.ClientAsync();

        var after = await WaitAsync(client, id, s => s.State != ExperimentState.Running, "the sweep continues after the restart");

        Assert.Equal(ExperimentState.Succeeded, after.State);
        var trial = after.Trials[0];
        Assert.True(trial.FoldsSucceeded == 4, string.Join("; ", trial.Folds.Select(f => $"{f.Key} {f.State} after {f.EpochAccuracies.Count} epochs: {f.Error}")));
        Assert.Equal(4, trial.Aggregate.FoldsCovered);
        Assert.All(trial.Folds, f => Assert.Equal(RestartedFoldEpochs, f.EpochAccuracies.Count));
        foreach (var (key, earlier) in finishedBefore)
        {
            var now = trial.Folds.Single(f => f.Key == key);
            Assert.Equal(earlier.Version, now.Version);
            Assert.Equal(earlier.Silo, now.Silo);
        }
        var list = await client.GetGrain<IExperimentRegistryGrain>(GrainKeys.Singleton).ListAsync();
        Assert.Single(list, e => e.Id == id);
    }

    [Fact]
    public async Task AnUploadedDatasetRunsAndCancelStopsASweepAndRetryFinishesIt()
    {
        await using var grid = fixture.NewGrid("cancel");
        await grid.StartSiloAsync();
        var client = await grid.ClientAsync();
        var uploaded = await DataUploadCommand.UploadAsync(grid.ClientConfiguration, new DirectoryInfo(fixture.Dataset), "tiny-us8k", CancellationToken.None);
        Assert.Equal(Directory.GetFiles(fixture.Dataset, "*", SearchOption.AllDirectories).Length, uploaded);
        const string id = "cancelled";
        var experiment = client.GetGrain<IExperimentGrain>(id);
        await experiment.LaunchAsync(fixture.Spec("cancel", "[1, 2]", epochs: CancelledFoldEpochs).Replace(fixture.Dataset, "blob:tiny-us8k"));
        await WaitAsync(client, id, s => s.Trials.Count == 1 && s.Trials[0].Folds.Any(f => f.State == FoldState.Running), "a fold runs");

        await experiment.CancelAsync();
        var cancelled = await WaitAsync(client, id, s => s.Trials[0].Folds.All(f => f.State.IsTerminal()), "every fold stops");
        Assert.Equal(ExperimentState.Cancelled, cancelled.State);
        Assert.Contains(cancelled.Trials[0].Folds, f => f.State == FoldState.Cancelled);

        Assert.True(await experiment.RetryAsync() >= 1);
        var finished = await WaitAsync(client, id, s => s.State != ExperimentState.Running, "the retried sweep finishes");
        Assert.Equal(ExperimentState.Succeeded, finished.State);
        Assert.True(finished.Trials[0].FoldsSucceeded == 2,
            string.Join("; ", finished.Trials[0].Folds.Select(f => $"{f.Key} {f.State} after {f.EpochAccuracies.Count} epochs: {f.Error}")));
    }

    [Fact]
    public async Task OnePretrainingRunServesEveryTrialThatSharesIt()
    {
        await using var grid = fixture.NewGrid("pretrain");
        await grid.StartSiloAsync(cpuSlots: 2);
        var client = await grid.ClientAsync();
        const string id = "pretrained";
        var spec = fixture.Spec("pretrain", "[1, 2]", epochs: 1,
                extra: """
                , "pretraining": { "method": "moco", "queueSize": 16, "training": { "epochs": 1, "batchSize": 8 } },
                  "search": { "training.learningRate": { "grid": [0.05, 0.01] } }
                """)
            .Replace("\"scratch\"", "\"finetune\"");
        await client.GetGrain<IExperimentGrain>(id).LaunchAsync(spec);

        var snapshot = await WaitAsync(client, id, s => s.State != ExperimentState.Running, "pretraining, then both trials' folds");

        Assert.True(snapshot.State == ExperimentState.Succeeded,
            $"{snapshot.State}: " + string.Join("; ", snapshot.Trials.SelectMany(t => t.Folds).Select(f => $"{f.Key} {f.State}: {f.Error}")));
        Assert.All(snapshot.Trials, t => Assert.Equal(2, t.FoldsSucceeded));
        var key = Grains.Specs.SweepPlanner.Plan(id, spec).Trials.Select(t => t.Folds[0].Pretraining!.Key).Distinct().Single();
        var pretraining = await client.GetGrain<IPretrainingGrain>(key).GetStatusAsync();
        Assert.Equal((PretrainingState.Succeeded, 1), (pretraining.State, pretraining.CompletedEpochs));
    }

    private sealed class Tolerance : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) < 1e-9;

        public int GetHashCode(double value) => 0;
    }
}
