using Grid.Grains;
using Grid.Grains.Specs;
using Xunit;

namespace Grid.Tests.Cluster;

/// <summary>The demo's shape on the in-process cluster: a pretraining run that fine-tune folds wait for, beside scratch folds.</summary>
[Collection(GridClusterCollection.Name)]
[Trait("Category", "Cluster")]
public sealed class CriticalPathGrainTests(GridClusterFixture fixture)
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);
    private const string Pretraining = """, "pretraining": { "method": "moco", "queueSize": 16, "training": { "epochs": 2, "batchSize": 8 } }""";

    private IExperimentGrain Experiment(string id) => fixture.Cluster.Client.GetGrain<IExperimentGrain>(id);

    private ISchedulerGrain Scheduler => fixture.Cluster.Client.GetGrain<ISchedulerGrain>(GrainKeys.Singleton);

    [Fact]
    public async Task ThePretrainingThatFoldsWaitForIsHandedOutFirstAndScratchFoldsFillTheOtherSlots()
    {
        var (blocker, demo) = ("e" + Guid.NewGuid().ToString("N")[..10], "e" + Guid.NewGuid().ToString("N")[..10]);
        var (blockerData, demoData) = (GridClusterFixture.NewDataset(), GridClusterFixture.NewDataset());
        var executor = GridClusterFixture.Executor;
        var spec = SpecSamples.Tiny(location: demoData, folds: "[1, 2, 3, 4]", search: """{ "protocol": { "grid": ["scratch", "finetune"] } }""", extra: Pretraining);
        var pretraining = fixture.Cluster.Client.GetGrain<IPretrainingGrain>(SweepPlanner.Plan(demo, spec).Trials[1].Folds[0].Pretraining!.Key);
        var blockerGate = executor.Gates[blockerData] = new ManualResetEventSlim(false);
        var demoGate = executor.Gates[demoData] = new ManualResetEventSlim(false);
        try
        {
            // Every slot (2 silos × 2) busy, so that the whole demo-shaped sweep is queued before a slot frees.
            await Experiment(blocker).LaunchAsync(SpecSamples.Tiny(location: blockerData, folds: "[1, 2, 3, 4]"));
            await Eventually.WaitAsync(() => Experiment(blocker).GetSnapshotAsync(),
                s => s.Trials.Count == 1 && s.Trials[0].Folds.Count(f => f.State == FoldState.Running) == 4, Limit, "the blocker fills all four slots");
            await Experiment(demo).LaunchAsync(spec);
            var queued = (await Scheduler.GetClusterAsync()).Queued.Where(t => t.ExperimentId == demo).ToArray();
            Assert.Equal(5, queued.Length);
            Assert.Equal(4, Assert.Single(queued, t => t.JobId.StartsWith("pretrain:", StringComparison.Ordinal)).GatedFolds);

            blockerGate.Set();

            // The demo's jobs hold every slot at their gate: the pretraining run, and scratch folds in the slots it leaves.
            await Eventually.WaitAsync(() => pretraining.GetStatusAsync(), p => p.State == PretrainingState.Running, Limit, "the pretraining runs");
            var running = await Eventually.WaitAsync(() => Experiment(demo).GetSnapshotAsync(),
                s => s.Trials.Count == 2 && s.Trials.Sum(t => t.Folds.Count(f => f.State == FoldState.Running)) == 3, Limit, "three more demo jobs run");
            var scratch = running.Trials.Single(t => t.Parameters["protocol"] == "scratch");
            Assert.Equal(3, scratch.Folds.Count(f => f.State == FoldState.Running));
            var stillQueued = Assert.Single((await Scheduler.GetClusterAsync()).Queued, t => t.ExperimentId == demo);
            Assert.Equal(scratch.Key, stillQueued.TrialKey);
        }
        finally
        {
            blockerGate.Set();
            demoGate.Set();
        }

        var snapshot = await Eventually.WaitAsync(() => Experiment(demo).GetSnapshotAsync(), s => s.State == ExperimentState.Succeeded, Limit, "the demo-shaped sweep succeeds");
        Assert.All(snapshot.Trials, t => Assert.Equal(4, t.FoldsSucceeded));
        var starts = executor.Starts.Where(s => s.Root == demoData).Select(s => s.Job).ToArray();
        Assert.Equal(9, starts.Length);
        // The four slots that the blocker freed at once ran the pretraining and three scratch folds (in whatever order
        // their slot threads reached the executor).
        Assert.Contains("pretraining", starts[..4]);
        var firstScratch = starts[..4].Where(job => job != "pretraining").ToArray();
        Assert.Equal(3, firstScratch.Length);
        Assert.All(firstScratch, job => Assert.StartsWith("scratch/", job));
        var lastScratch = Assert.Single(new[] { "scratch/1", "scratch/2", "scratch/3", "scratch/4" }.Except(firstScratch));
        // The last scratch fold is handed out before the fine-tune folds (oldest first: JobBoardInterleavingTests), but
        // when the gate frees every slot at once, which of them reaches the executor first depends on their begin calls:
        // that fold's grain was never active (folds are launched lazily), the fine-tune folds' were, waiting for the pretraining.
        Assert.Equal(new[] { "finetune/1", "finetune/2", "finetune/3", "finetune/4", lastScratch }.Order(), starts[4..].Order());
    }
}
