using Grid.Grains;
using Grid.Grains.Specs;
using Grid.Learning.Training;
using Grid.Storage;
using Xunit;

namespace Grid.Tests.Cluster;

/// <summary>Sweeps on an in-process two-silo cluster with the scripted executor.</summary>
[Collection(GridClusterCollection.Name)]
[Trait("Category", "Cluster")]
public sealed class SweepGrainTests(GridClusterFixture fixture)
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);
    private ScriptedJobExecutor Executor => GridClusterFixture.Executor;

    private IExperimentGrain Experiment(string id) => fixture.Cluster.Client.GetGrain<IExperimentGrain>(id);

    private Task<ExperimentSnapshot> WaitForStateAsync(string id, ExperimentState state) =>
        Eventually.WaitAsync(() => Experiment(id).GetSnapshotAsync(), s => s.State == state, Limit, $"{id} {state}");

    private static string NewId() => "e" + Guid.NewGuid().ToString("N")[..10];

    [Fact]
    public async Task ASweepRunsEveryFoldStoresItsArtifactsAndAggregatesThem()
    {
        var id = NewId();
        var dataset = GridClusterFixture.NewDataset();
        await Experiment(id).LaunchAsync(SpecSamples.Tiny(location: dataset, search: """{ "training.learningRate": { "grid": [0.1, 0.01] } }"""));

        var snapshot = await WaitForStateAsync(id, ExperimentState.Succeeded);

        Assert.Equal(2, snapshot.Trials.Count);
        foreach (var trial in snapshot.Trials)
        {
            var lr = double.Parse(trial.Parameters["training.learningRate"], System.Globalization.CultureInfo.InvariantCulture);
            var finals = new[] { 1, 2, 3 }.Select(fold => ScriptedJobExecutor.Accuracy(fold, 3, lr)).ToArray();
            var mean = finals.Average();
            var std = Math.Sqrt(finals.Sum(v => (v - mean) * (v - mean)) / (finals.Length - 1)); // sample std (n − 1)
            Assert.Equal(3, trial.FoldsSucceeded);
            Assert.Equal(3, trial.Aggregate.FoldsCovered);
            Assert.Equal(3, trial.Aggregate.BestEpoch);
            Assert.Equal(mean, trial.Aggregate.BestAverageAccuracy, 9);
            Assert.Equal(std, trial.Aggregate.BestAverageStd, 9);
            foreach (var fold in trial.Folds)
            {
                // Checkpoints are named under the lease that wrote them (fencing): checkpoints/{fold}/lease-{id}/epoch-0003.ckpt.
                Assert.Matches($"^checkpoints/{fold.Key}/lease-[0-9a-f]{{32}}/epoch-0003\\.ckpt$", fold.CheckpointBlob);
                Assert.Equal(1.0 / 3, fold.TrainLoss, 12);
                await using var stored = await fixture.Artifacts.OpenReadAsync(fold.ArtifactsBlob!, default);
                var result = ArtifactSerializer.Deserialize<FoldResult>(stored);
                Assert.Equal(fold.EpochAccuracies, result.Epochs.Select(e => e.Accuracy));
            }
        }
        var listed = await fixture.Cluster.Client.GetGrain<IExperimentRegistryGrain>(GrainKeys.Singleton).ListAsync();
        Assert.Contains(listed, e => e.Id == id && e.State == ExperimentState.Succeeded);
    }

    [Fact]
    public async Task FailingFoldsAreRetriedUpToTheLimitThenFailedAndRetryRunsThemAgain()
    {
        var id = NewId();
        var dataset = GridClusterFixture.NewDataset();
        // Fold 1 meets a non-finite loss twice in a row (its one re-run too: the attempt fails and the retry runs it);
        // fold 3 once (the re-run from its checkpoint succeeds within the attempt).
        Executor.NanFailures[(dataset, 1)] = 2;
        Executor.NanFailures[(dataset, 3)] = 1;
        Executor.BadClipFailures[(dataset, 2)] = 2;
        await Experiment(id).LaunchAsync(SpecSamples.Tiny(location: dataset, retries: 1));

        var snapshot = await WaitForStateAsync(id, ExperimentState.Succeeded);

        var trial = Assert.Single(snapshot.Trials);
        var nan = trial.Folds.Single(f => f.Fold == 1);
        var bad = trial.Folds.Single(f => f.Fold == 2);
        Assert.Equal((FoldState.Succeeded, 1), (nan.State, nan.Attempts));
        var once = trial.Folds.Single(f => f.Fold == 3);
        Assert.Equal((FoldState.Succeeded, 0, 3), (once.State, once.Attempts, once.EpochAccuracies.Count));
        Assert.Equal(2, Executor.FoldStarts.Count(s => s.Root == dataset && s.Fold == 3));
        Assert.Equal((FoldState.Failed, 2), (bad.State, bad.Attempts));
        Assert.Contains("broken.wav", bad.Error);
        Assert.Equal(2, trial.Aggregate.FoldsCovered);
        Assert.Equal(1, trial.FoldsFailed);

        Assert.Equal(1, await Experiment(id).RetryAsync());
        snapshot = await Eventually.WaitAsync(() => Experiment(id).GetSnapshotAsync(),
            s => s.State == ExperimentState.Succeeded && s.Trials[0].FoldsSucceeded == 3, Limit, "retried fold succeeds");
        Assert.Equal(3, snapshot.Trials[0].Aggregate.FoldsCovered);
    }

    [Fact]
    public async Task AGrainCallThatTimesOutInterruptsTheFoldWithoutUsingARetry()
    {
        var id = NewId();
        var dataset = GridClusterFixture.NewDataset();
        Executor.UnansweredReports[(dataset, 2)] = 1;
        await Experiment(id).LaunchAsync(SpecSamples.Tiny(location: dataset, retries: 0));

        var snapshot = await WaitForStateAsync(id, ExperimentState.Succeeded);

        var fold = snapshot.Trials[0].Folds.Single(f => f.Fold == 2);
        Assert.Equal((FoldState.Succeeded, 0, 1), (fold.State, fold.Attempts, fold.Interruptions));
        Assert.Equal(3, snapshot.Trials[0].FoldsSucceeded);
    }

    [Fact]
    public async Task CancelStopsQueuedAndRunningFolds()
    {
        var id = NewId();
        var dataset = GridClusterFixture.NewDataset();
        var gate = Executor.Gates[dataset] = new ManualResetEventSlim(false);
        try
        {
            await Experiment(id).LaunchAsync(SpecSamples.Tiny(location: dataset, folds: "[1, 2, 3, 4, 5, 6]"));
            await Eventually.WaitAsync(() => Experiment(id).GetSnapshotAsync(),
                s => s.Trials.Count == 1 && s.Trials[0].Folds.Any(f => f.State == FoldState.Running), Limit, "a fold runs");
            await Experiment(id).CancelAsync();
        }
        finally
        {
            gate.Set();
        }

        var snapshot = await WaitForStateAsync(id, ExperimentState.Cancelled);
        await Eventually.WaitAsync(() => Experiment(id).GetSnapshotAsync(),
            s => s.Trials[0].FoldsCancelled == 6, Limit, "every fold cancelled");
        var cluster = await fixture.Cluster.Client.GetGrain<ISchedulerGrain>(GrainKeys.Singleton).GetClusterAsync();
        Assert.DoesNotContain(cluster.Queued, t => t.ExperimentId == id);
        Assert.Equal(ExperimentState.Cancelled, snapshot.State);
    }

    [Fact]
    public async Task PretrainingRunsOnceForEveryTrialThatSharesItAndFoldsStartFromIt()
    {
        var id = NewId();
        var dataset = GridClusterFixture.NewDataset();
        var spec = SpecSamples.Tiny(location: dataset, search: """{ "training.learningRate": { "grid": [0.1, 0.01] } }""",
                extra: """, "pretraining": { "method": "moco", "queueSize": 16, "training": { "epochs": 2, "batchSize": 8 } }""")
            .Replace("\"scratch\"", "\"finetune\"");
        await Experiment(id).LaunchAsync(spec);

        var snapshot = await WaitForStateAsync(id, ExperimentState.Succeeded);

        Assert.All(snapshot.Trials, t => Assert.Equal(3, t.FoldsSucceeded));
        Assert.Single(Executor.PretrainingRuns, root => root == dataset);
    }

    [Fact]
    public async Task APretrainingNoFoldWaitsForStopsAndALaterSweepThatNeedsItRunsItAgain()
    {
        var (first, second) = (NewId(), NewId());
        var dataset = GridClusterFixture.NewDataset();
        var spec = SpecSamples.Tiny(location: dataset, folds: "[1, 2]",
                extra: """, "pretraining": { "method": "moco", "queueSize": 16, "training": { "epochs": 2, "batchSize": 8 } }""")
            .Replace("\"scratch\"", "\"finetune\"");
        var key = SweepPlanner.Plan(first, spec).Trials[0].Folds[0].Pretraining!.Key;
        var pretraining = fixture.Cluster.Client.GetGrain<IPretrainingGrain>(key);
        var gate = Executor.Gates[dataset] = new ManualResetEventSlim(false);
        try
        {
            await Experiment(first).LaunchAsync(spec);
            await Eventually.WaitAsync(() => pretraining.GetStatusAsync(), p => p.State == PretrainingState.Running, Limit, "the pretraining runs");
            await Experiment(first).CancelAsync();

            await Eventually.WaitAsync(() => pretraining.GetStatusAsync(), p => p.State == PretrainingState.Cancelled, Limit, "the pretraining stops");
            var scheduler = fixture.Cluster.Client.GetGrain<ISchedulerGrain>(GrainKeys.Singleton);
            await Eventually.WaitAsync(() => scheduler.GetClusterAsync(),
                view => view.Silos.SelectMany(s => s.Slots).All(slot => slot.JobId != GrainKeys.JobId(JobKind.Pretraining, key)) && view.Queued.All(t => t.ExperimentId != first),
                Limit, "its slot is free and nothing of the cancelled sweep is queued");
        }
        finally
        {
            gate.Set();
        }

        await Experiment(second).LaunchAsync(spec);
        var snapshot = await WaitForStateAsync(second, ExperimentState.Succeeded);

        Assert.Equal(2, snapshot.Trials[0].FoldsSucceeded);
        var finished = await pretraining.GetStatusAsync();
        Assert.Equal((PretrainingState.Succeeded, 2), (finished.State, finished.CompletedEpochs));
        Assert.Equal(2, Executor.PretrainingRuns.Count(root => root == dataset));
    }

    [Fact]
    public async Task AnInvalidSpecIsRefusedNamingTheFieldAndNothingStarts()
    {
        var id = NewId();
        var error = await Assert.ThrowsAsync<SpecException>(() =>
            Experiment(id).LaunchAsync(SpecSamples.Tiny().Replace("\"learningRate\": 0.05", "\"learningRate\": -1")));

        Assert.Equal("training.learningRate", error.Field);
        var listed = await fixture.Cluster.Client.GetGrain<IExperimentRegistryGrain>(GrainKeys.Singleton).ListAsync();
        Assert.DoesNotContain(listed, e => e.Id == id);
        await Assert.ThrowsAsync<KeyNotFoundException>(() => Experiment(id).GetSnapshotAsync());
    }

    [Fact]
    public async Task ASecondExperimentGetsFreedSlotsBeforeTheFirstOneRunsOut()
    {
        var (first, second) = (NewId(), NewId());
        var (firstData, secondData) = (GridClusterFixture.NewDataset(), GridClusterFixture.NewDataset());
        var firstGate = Executor.Gates[firstData] = new ManualResetEventSlim(false);
        try
        {
            await Experiment(first).LaunchAsync(SpecSamples.Tiny(location: firstData, folds: "[1, 2, 3, 4, 5, 6, 7, 8, 9, 10]"));
            await Eventually.WaitAsync(() => Experiment(first).GetSnapshotAsync(),
                s => s.Trials.Count == 1 && s.Trials[0].Folds.Count(f => f.State == FoldState.Running) == 4, Limit, "the first experiment fills all four slots");
            await Experiment(second).LaunchAsync(SpecSamples.Tiny(location: secondData, folds: "[1, 2, 3, 4, 5, 6, 7, 8, 9, 10]"));
        }
        finally
        {
            firstGate.Set();
        }

        await WaitForStateAsync(first, ExperimentState.Succeeded);
        await WaitForStateAsync(second, ExperimentState.Succeeded);
        var starts = Executor.FoldStarts.ToArray();
        var secondStarted = Array.FindIndex(starts, s => s.Root == secondData);
        var firstFinishedStarting = Array.FindLastIndex(starts, s => s.Root == firstData);
        Assert.True(secondStarted < firstFinishedStarting, "the second experiment waited until the first had started every fold");
    }

    [Fact]
    public async Task AnObserverReceivesPushedSnapshots()
    {
        var id = NewId();
        var received = new System.Collections.Concurrent.ConcurrentQueue<ExperimentSnapshot>();
        var observer = new CollectingObserver(received);
        var reference = fixture.Cluster.Client.CreateObjectReference<IExperimentObserver>(observer);
        await Experiment(id).LaunchAsync(SpecSamples.Tiny(location: GridClusterFixture.NewDataset()));
        await Experiment(id).SubscribeAsync(reference);

        await Eventually.WaitAsync(() => Task.FromResult(received.Any(s => s.State == ExperimentState.Succeeded)), done => done, Limit, "a pushed final snapshot");
        await Experiment(id).UnsubscribeAsync(reference);
        GC.KeepAlive(observer);
    }

    private sealed class CollectingObserver(System.Collections.Concurrent.ConcurrentQueue<ExperimentSnapshot> received) : IExperimentObserver
    {
        public void ExperimentChanged(ExperimentSnapshot snapshot) => received.Enqueue(snapshot);
    }
}
