using Grid.Grains;
using Xunit;

namespace Grid.Tests.Cluster;

/// <summary>Idle runners are told of new work: a job queued while every slot is idle starts without waiting for a poll.</summary>
[Trait("Category", "Cluster")]
public sealed class RunnerPushTests(LongPollCluster cluster) : IClassFixture<LongPollCluster>
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task JobsQueuedWhileTheSlotsIdleStartWithoutAPoll()
    {
        // The slots polled once when the silo started and next poll in ten minutes.
        var experiment = cluster.Cluster.Client.GetGrain<IExperimentGrain>("e" + Guid.NewGuid().ToString("N")[..10]);
        await experiment.LaunchAsync(SpecSamples.Tiny(location: cluster.NewDataset(), folds: "[1, 2, 3]", epochs: 1));

        var snapshot = await Eventually.WaitAsync(() => experiment.GetSnapshotAsync(), s => s.State != ExperimentState.Running, Limit,
            "the sweep finishes on notices alone");

        Assert.Equal(ExperimentState.Succeeded, snapshot.State);
        Assert.Equal(3, snapshot.Trials.Single().FoldsSucceeded);
    }

    [Fact]
    public async Task ALaterSweepOnIdleSlotsStartsToo()
    {
        // A second sweep after the first has finished: the slots are idle again and their next poll is minutes away.
        foreach (var round in new[] { 1, 2 })
        {
            var experiment = cluster.Cluster.Client.GetGrain<IExperimentGrain>($"e{round}" + Guid.NewGuid().ToString("N")[..10]);
            await experiment.LaunchAsync(SpecSamples.Tiny(location: cluster.NewDataset(), folds: "[1]", epochs: 1));
            var snapshot = await Eventually.WaitAsync(() => experiment.GetSnapshotAsync(), s => s.State != ExperimentState.Running, Limit,
                $"sweep {round} finishes on notices alone");
            Assert.Equal(ExperimentState.Succeeded, snapshot.State);
        }
    }
}

/// <summary>Polling remains the safety net: a runner whose notices are all lost still gets work.</summary>
[Trait("Category", "Cluster")]
public sealed class RunnerPollSafetyNetTests(LostNoticeCluster cluster) : IClassFixture<LostNoticeCluster>
{
    [Fact]
    public async Task ARunnerWhoseNoticesAreLostStillGetsWorkByPolling()
    {
        var lostBefore = RunnerTestCluster.LostNotices;
        var experiment = cluster.Cluster.Client.GetGrain<IExperimentGrain>("e" + Guid.NewGuid().ToString("N")[..10]);
        await experiment.LaunchAsync(SpecSamples.Tiny(location: cluster.NewDataset(), folds: "[1, 2]", epochs: 1));

        var snapshot = await Eventually.WaitAsync(() => experiment.GetSnapshotAsync(), s => s.State != ExperimentState.Running, TimeSpan.FromSeconds(60),
            "the sweep finishes by polling");

        Assert.Equal(ExperimentState.Succeeded, snapshot.State);
        Assert.Equal(2, snapshot.Trials.Single().FoldsSucceeded);
        Assert.True(RunnerTestCluster.LostNotices > lostBefore, "the scheduler sent notices, and they were lost");
    }
}

/// <summary>A runner hears at once that its lease was revoked: a cancelled job frees its slot mid-epoch.</summary>
[Trait("Category", "Cluster")]
public sealed class RunnerRevocationPushTests(LongHeartbeatCluster cluster) : IClassFixture<LongHeartbeatCluster>
{
    [Fact]
    public async Task ACancelledSweepsSlotsRunTheNextSweepBeforeTheirEpochOrHeartbeatEnds()
    {
        // Two folds fill both slots; each epoch lasts ten minutes and the next heartbeat is as far away.
        var first = cluster.Cluster.Client.GetGrain<IExperimentGrain>("e" + Guid.NewGuid().ToString("N")[..10]);
        await first.LaunchAsync(SpecSamples.Tiny(location: cluster.NewDataset(), folds: "[1, 2]", epochs: 1));
        await Eventually.WaitAsync(() => first.GetSnapshotAsync(), s => s.Trials.Single().Folds.All(f => f.State == FoldState.Running),
            TimeSpan.FromSeconds(60), "both folds of the first sweep run");

        await first.CancelAsync();
        var second = cluster.Cluster.Client.GetGrain<IExperimentGrain>("e" + Guid.NewGuid().ToString("N")[..10]);
        await second.LaunchAsync(SpecSamples.Tiny(location: cluster.NewDataset(), folds: "[1, 2]", epochs: 1));

        // Only a runner that stopped the cancelled jobs has idle slots to take these on.
        var snapshot = await Eventually.WaitAsync(() => second.GetSnapshotAsync(), s => s.Trials.Single().Folds.All(f => f.State == FoldState.Running),
            TimeSpan.FromSeconds(60), "both folds of the second sweep run on the freed slots");
        Assert.Equal(2, snapshot.Trials.Single().Folds.Count(f => f.State == FoldState.Running));
        Assert.All((await first.GetSnapshotAsync()).Trials.Single().Folds, f => Assert.Equal(FoldState.Cancelled, f.State));
    }
}
