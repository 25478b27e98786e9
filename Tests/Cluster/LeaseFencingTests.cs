using Grid.Grains;
using Grid.Learning.Training;
using Grid.Silo.Runner;
using Grid.Storage;
using Xunit;
using static Grid.Tests.Cluster.PlayedGpuRunner;

namespace Grid.Tests.Cluster;

/// <summary>
/// The lease as a fencing token, on real grains whose state and blobs live in Azurite: the test plays two runners on GPU
/// slots (the cluster's own runners offer CPU slots only, so they never take these jobs): a zombie that lost its lease and
/// the holder that took the job over.
/// </summary>
[Collection(AzuriteGridCollection.Name)]
[Trait("Category", "Cluster")]
public sealed class LeaseFencingTests(AzuriteGridFixture fixture)
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);
    private const string GpuResources = """, "resources": { "devices": 1, "accelerator": "gpu" }""";

    private IGrainFactory Grains => fixture.Cluster.Client;
    private ISchedulerGrain Scheduler => Grains.GetGrain<ISchedulerGrain>(GrainKeys.Singleton);

    [Fact]
    public async Task ARunnerWithAStaleLeaseIsRejectedOnEveryCallAndItsBlobsDoNotReplaceTheHolders()
    {
        var id = "fence" + Guid.NewGuid().ToString("N")[..8];
        var key = GrainKeys.Fold(GrainKeys.Trial(id, 0), 1);
        var jobId = GrainKeys.JobId(JobKind.Fold, key);
        var fold = Grains.GetGrain<IFoldGrain>(key);
        await HeartbeatAsync("zombie", null);
        await Grains.GetGrain<IExperimentGrain>(id).LaunchAsync(SpecSamples.Tiny(folds: "[1]", location: AzuriteGridFixture.NewDataset(), extra: GpuResources));
        await Eventually.WaitAsync(() => Scheduler.GetClusterAsync(), view => view.Queued.Any(t => t.JobId == jobId), Limit, $"{jobId} queued");

        // A lease the scheduler never handed out cannot begin the queued fold.
        Assert.Null(await fold.BeginAsync(Guid.NewGuid(), "zombie", 0));
        Assert.Equal(FoldState.Queued, (await fold.GetStatusAsync()).State);

        var zombie = (await Scheduler.PollAsync("zombie", 0))!;
        var zombieWork = (await fold.BeginAsync(zombie.LeaseId, "zombie", 0))!;
        using var zombieCancel = new CancellationTokenSource();
        var zombieReporter = new EpochReporter(fold, zombie.LeaseId, key, zombieWork, fixture.Artifacts, zombieCancel, CheckpointRetention.LastAndBest);
        zombieReporter.EpochCompleted(EpochFigures(1, 0.4), Checkpoint("zombie epoch 1"));
        zombieReporter.Drain();
        var zombieEpoch1 = ArtifactSerializer.CheckpointBlob(key, zombie.LeaseId, 1);
        Assert.Equal(zombieEpoch1, (await fold.GetStatusAsync()).CheckpointBlob);

        // The zombie goes silent: its lease expires and the fold is queued again, as an interruption.
        await Eventually.WaitAsync(() => fold.GetStatusAsync(), s => s.State == FoldState.Queued && s.Interruptions == 1, Limit, "fold re-queued after its lease expired");
        Assert.Null(await fold.BeginAsync(zombie.LeaseId, "zombie", 0));

        await HeartbeatAsync("holder", null);
        var holder = (await Scheduler.PollAsync("holder", 0))!;
        Assert.Equal(jobId, holder.Ticket.JobId);
        using var renewing = new CancellationTokenSource();
        var heartbeats = RenewAsync("holder", holder, renewing.Token);
        var holderWork = (await fold.BeginAsync(holder.LeaseId, "holder", 0))!;
        Assert.Equal((1, zombieEpoch1), (holderWork.CompletedEpochs, holderWork.ResumeCheckpointBlob));
        using var holderCancel = new CancellationTokenSource();
        var holderReporter = new EpochReporter(fold, holder.LeaseId, key, holderWork, fixture.Artifacts, holderCancel, CheckpointRetention.LastAndBest);
        holderReporter.EpochCompleted(EpochFigures(2, 0.5), Checkpoint("holder epoch 2"));
        holderReporter.Drain();

        // The zombie wakes up and goes on with epoch 2: its report is refused, its blob lands under its own lease.
        zombieReporter.EpochCompleted(EpochFigures(2, 0.9), Checkpoint("zombie epoch 2"));
        Assert.ThrowsAny<OperationCanceledException>(zombieReporter.Drain);
        Assert.True(zombieCancel.IsCancellationRequested);
        Assert.Null(await fold.BeginAsync(zombie.LeaseId, "zombie", 0));
        await fold.CompleteAsync(zombie.LeaseId, new JobOutcome(2, 0.9, ArtifactSerializer.ResultBlob(key, zombie.LeaseId)));
        await fold.FailAsync(zombie.LeaseId, "zombie failure");
        await fold.InterruptedAsync(zombie.LeaseId);
        await fold.LeaseLostAsync(zombie.LeaseId);

        var status = await fold.GetStatusAsync();
        var holderEpoch2 = ArtifactSerializer.CheckpointBlob(key, holder.LeaseId, 2);
        Assert.Equal((FoldState.Running, 0, 1, "holder"), (status.State, status.Attempts, status.Interruptions, status.Silo));
        Assert.Equal([0.4, 0.5], status.EpochAccuracies);
        Assert.Equal(holderEpoch2, status.CheckpointBlob);
        Assert.Equal("holder epoch 2", await ReadTextAsync(holderEpoch2));
        Assert.Equal("zombie epoch 2", await ReadTextAsync(ArtifactSerializer.CheckpointBlob(key, zombie.LeaseId, 2)));
        // Retention: the epoch-1 checkpoint, neither last nor best any more, went once epoch 2's was accepted.
        Assert.DoesNotContain(zombieEpoch1, await fixture.Artifacts.ListAsync($"checkpoints/{key}/", default));

        holderReporter.EpochCompleted(EpochFigures(3, 0.6), Checkpoint("holder epoch 3"));
        holderReporter.Drain();
        await fold.CompleteAsync(holder.LeaseId, new JobOutcome(3, 0.6, ArtifactSerializer.ResultBlob(key, holder.LeaseId)));
        await renewing.CancelAsync();
        await heartbeats;
        var finished = await fold.GetStatusAsync();
        Assert.Equal((FoldState.Succeeded, ArtifactSerializer.ResultBlob(key, holder.LeaseId)), (finished.State, finished.ArtifactsBlob));
        Assert.Equal([0.4, 0.5, 0.6], finished.EpochAccuracies);
        Assert.Equal(ArtifactSerializer.CheckpointBlob(key, holder.LeaseId, 3), finished.CheckpointBlob);
    }

    [Fact]
    public async Task AFoldShownRunningWithoutALiveLeaseIsQueuedAgainWithinTheLeaseTimeout()
    {
        var id = "unheld" + Guid.NewGuid().ToString("N")[..8];
        var key = GrainKeys.Fold(GrainKeys.Trial(id, 0), 1);
        var jobId = GrainKeys.JobId(JobKind.Fold, key);
        var fold = Grains.GetGrain<IFoldGrain>(key);
        await HeartbeatAsync("lost", null);
        await Grains.GetGrain<IExperimentGrain>(id).LaunchAsync(SpecSamples.Tiny(folds: "[1]", location: AzuriteGridFixture.NewDataset(), extra: GpuResources));
        await Eventually.WaitAsync(() => Scheduler.GetClusterAsync(), view => view.Queued.Any(t => t.JobId == jobId), Limit, $"{jobId} queued");
        var lease = (await Scheduler.PollAsync("lost", 0))!;
        Assert.NotNull(await fold.BeginAsync(lease.LeaseId, "lost", 0));

        // The scheduler lets the lease go without a word to the fold (as when that word was lost to a storage fault).
        await Scheduler.ReleaseAsync(jobId, lease.LeaseId);
        var released = DateTime.UtcNow;

        var status = await Eventually.WaitAsync(() => fold.GetStatusAsync(), s => s.State != FoldState.Running, Limit, "fold no longer shown running");
        Assert.True(DateTime.UtcNow - released <= AzuriteGridFixture.LeaseTimeout + TimeSpan.FromSeconds(1), $"re-queued after {DateTime.UtcNow - released}");
        Assert.Equal((FoldState.Queued, 0, 1), (status.State, status.Attempts, status.Interruptions));
        Assert.Contains(jobId, (await Scheduler.GetClusterAsync()).Queued.Select(t => t.JobId));
        await Grains.GetGrain<IExperimentGrain>(id).CancelAsync();
    }

    [Fact]
    public async Task AHeartbeatWithALeaseTheSchedulerDidNotIssueIsToldToStopAndTakesNothingFromTheHolder()
    {
        var id = "zombiebeat" + Guid.NewGuid().ToString("N")[..8];
        var key = GrainKeys.Fold(GrainKeys.Trial(id, 0), 1);
        var jobId = GrainKeys.JobId(JobKind.Fold, key);
        var fold = Grains.GetGrain<IFoldGrain>(key);
        await HeartbeatAsync("holder", null);
        await Grains.GetGrain<IExperimentGrain>(id).LaunchAsync(SpecSamples.Tiny(folds: "[1]", location: AzuriteGridFixture.NewDataset(), extra: GpuResources));
        await Eventually.WaitAsync(() => Scheduler.GetClusterAsync(), view => view.Queued.Any(t => t.JobId == jobId), Limit, $"{jobId} queued");
        var holder = (await Scheduler.PollAsync("holder", 0))!;
        Assert.NotNull(await fold.BeginAsync(holder.LeaseId, "holder", 0));
        using var renewing = new CancellationTokenSource();
        var heartbeats = RenewAsync("holder", holder, renewing.Token);

        // A runner shows the running fold under a lease the scheduler never issued: it is told to stop, and stays refused.
        var zombie = Guid.NewGuid();
        var zombieSlot = GpuSlot with { JobId = jobId, LeaseId = zombie };
        Assert.Equal([zombie], (await Scheduler.HeartbeatAsync(new RunnerHeartbeat("zombie", [zombieSlot]))).CancelLeases);
        Assert.Equal([zombie], (await Scheduler.HeartbeatAsync(new RunnerHeartbeat("zombie", [zombieSlot]))).CancelLeases);
        Assert.True(await Scheduler.HoldsLeaseAsync(jobId, holder.LeaseId));
        Assert.Null(await fold.BeginAsync(zombie, "zombie", 0));
        var status = await fold.GetStatusAsync();
        Assert.Equal((FoldState.Running, "holder", 0), (status.State, status.Silo, status.Interruptions));

        // A lease of a job the scheduler has no record of, whose grain vouches for nobody (a fold with no state): cancelled
        // within the lease timeout, never adopted.
        var orphan = GpuSlot with { Slot = 1, JobId = GrainKeys.JobId(JobKind.Fold, GrainKeys.Fold(GrainKeys.Trial(id, 0), 9)), LeaseId = Guid.NewGuid() };
        var heard = DateTime.UtcNow;
        await Eventually.WaitAsync(() => Scheduler.HeartbeatAsync(new RunnerHeartbeat("orphan", [orphan])), reply => reply.CancelLeases.Contains(orphan.LeaseId!.Value),
            Limit, "the orphan lease cancelled");
        Assert.True(DateTime.UtcNow - heard <= AzuriteGridFixture.LeaseTimeout + TimeSpan.FromSeconds(2), $"cancelled after {DateTime.UtcNow - heard}");
        Assert.DoesNotContain((await Scheduler.GetClusterAsync()).Silos.SelectMany(s => s.Slots), s => s.LeaseId == orphan.LeaseId || s.LeaseId == zombie);

        await renewing.CancelAsync();
        await heartbeats;
        await Grains.GetGrain<IExperimentGrain>(id).CancelAsync();
    }

    private async Task<string> ReadTextAsync(string blob)
    {
        await using var stream = await fixture.Artifacts.OpenReadAsync(blob, default);
        return await new StreamReader(stream).ReadToEndAsync();
    }

    private Task HeartbeatAsync(string silo, JobAssignment? running) => new PlayedGpuRunner(Scheduler, silo).HeartbeatAsync(running);

    private Task RenewAsync(string silo, JobAssignment running, CancellationToken stop) => new PlayedGpuRunner(Scheduler, silo).RenewAsync(running, stop);
}
