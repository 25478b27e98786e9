using Grid.Grains;
using Grid.Learning.Training;
using Grid.Silo.Runner;
using Grid.Storage;
using Xunit;
using static Grid.Tests.Cluster.PlayedGpuRunner;

namespace Grid.Tests.Cluster;

/// <summary>
/// A fold's last epoch report travels with its completion (one state write): the reporter keeps it once its blobs are
/// durable, the fold takes both only from its lease's holder, and retention deletes what the last epoch replaced only
/// after the fold took it. The test plays the runner on a GPU slot, which the cluster's own CPU runners never take.
/// </summary>
[Collection(AzuriteGridCollection.Name)]
[Trait("Category", "Cluster")]
public sealed class LastEpochCompletionTests(AzuriteGridFixture fixture)
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    private IGrainFactory Grains => fixture.Cluster.Client;
    private ISchedulerGrain Scheduler => Grains.GetGrain<ISchedulerGrain>(GrainKeys.Singleton);

    [Fact]
    public async Task TheLastEpochIsTakenWithTheCompletionFromTheHolderOnly()
    {
        var id = "last" + Guid.NewGuid().ToString("N")[..8];
        var key = GrainKeys.Fold(GrainKeys.Trial(id, 0), 1);
        var jobId = GrainKeys.JobId(JobKind.Fold, key);
        var fold = Grains.GetGrain<IFoldGrain>(key);
        await HeartbeatAsync(null);
        await Grains.GetGrain<IExperimentGrain>(id).LaunchAsync(SpecSamples.Tiny(folds: "[1]", location: AzuriteGridFixture.NewDataset(),
            extra: """, "resources": { "devices": 1, "accelerator": "gpu" }"""));
        await Eventually.WaitAsync(() => Scheduler.GetClusterAsync(), view => view.Queued.Any(t => t.JobId == jobId), Limit, $"{jobId} queued");
        var holder = (await Scheduler.PollAsync("holder", 0))!;
        Assert.Equal(jobId, holder.Ticket.JobId);
        using var renewing = new CancellationTokenSource();
        var heartbeats = RenewAsync(holder, renewing.Token);
        var work = (await fold.BeginAsync(holder.LeaseId, "holder", 0))!;
        using var cancel = new CancellationTokenSource();
        var reporter = new EpochReporter(fold, holder.LeaseId, key, work, fixture.Artifacts, cancel, CheckpointRetention.LastAndBest, deferredEpoch: 3);

        double[] accuracies = [0.4, 0.5, 0.6];
        for (var epoch = 1; epoch <= 3; epoch++)
            reporter.EpochCompleted(EpochFigures(epoch, accuracies[epoch - 1]), Checkpoint($"epoch {epoch}"));
        reporter.Drain();

        // Epoch 3's blobs are durable, its report kept: the fold still shows two epochs.
        var last = Assert.IsType<EpochReport>(reporter.Deferred);
        Assert.Equal(3, last.Epoch);
        Assert.Equal((FoldState.Running, 2), ((await fold.GetStatusAsync()).State, reporter.CompletedEpochs));
        Assert.Equal([0.4, 0.5], (await fold.GetStatusAsync()).EpochAccuracies);
        Assert.Contains(last.CheckpointBlob, await fixture.Artifacts.ListAsync($"checkpoints/{key}/", default));

        var result = ArtifactSerializer.ResultBlob(key, holder.LeaseId);
        Assert.False(await fold.CompleteLastEpochAsync(Guid.NewGuid(), last, new JobOutcome(3, 0.6, result)));
        Assert.Equal((FoldState.Running, 2), ((await fold.GetStatusAsync()).State, (await fold.GetStatusAsync()).EpochAccuracies.Count));

        Assert.True(await fold.CompleteLastEpochAsync(holder.LeaseId, last, new JobOutcome(3, 0.6, result)));
        reporter.DeferredAccepted();
        await renewing.CancelAsync();
        await heartbeats;

        var finished = await fold.GetStatusAsync();
        Assert.Equal((FoldState.Succeeded, result, last.CheckpointBlob), (finished.State, finished.ArtifactsBlob, finished.CheckpointBlob));
        Assert.Equal([0.4, 0.5, 0.6], finished.EpochAccuracies);
        Assert.Equal(3, reporter.CompletedEpochs);
        Assert.False(await Scheduler.HoldsLeaseAsync(jobId, holder.LeaseId));
        // Retention: epoch 2's checkpoint, neither last nor best once epoch 3 was taken, went only then.
        Assert.Equal([last.CheckpointBlob], await fixture.Artifacts.ListAsync($"checkpoints/{key}/", default));
        await Eventually.WaitAsync(() => Grains.GetGrain<IExperimentGrain>(id).GetSnapshotAsync(), s => s.State == ExperimentState.Succeeded, Limit, $"{id} succeeded");
    }

    private Task HeartbeatAsync(JobAssignment? running) => new PlayedGpuRunner(Scheduler, "holder").HeartbeatAsync(running);

    private Task RenewAsync(JobAssignment running, CancellationToken stop) => new PlayedGpuRunner(Scheduler, "holder").RenewAsync(running, stop);
}
