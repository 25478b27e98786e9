using Grid.Grains;
using Xunit;

namespace Grid.Tests.Cluster;

[Trait("Category", "Unit")]
public sealed class LeaseStateMachineTests
{
    private static readonly Guid Lease = Guid.Parse("00000000-0000-0000-0000-000000000001");
    private static readonly Guid Stale = Guid.Parse("00000000-0000-0000-0000-000000000002");

    private static LeaseRecord Queued(int attempts = 0, int interruptions = 0) => new(JobPhase.Queued, null, null, attempts, interruptions, null);

    private static LeaseRecord Running(int attempts = 0, int interruptions = 0) =>
        LeaseStateMachine.Begin(Queued(attempts, interruptions), Lease, "silo-a").Next;

    [Fact]
    public void BeginStartsAQueuedJobLetsItsHolderGoOnAndRefusesAnyoneElse()
    {
        var begin = LeaseStateMachine.Begin(Queued(), Lease, "silo-a");
        Assert.Equal(LeaseEffect.Started, begin.Effect);
        Assert.Equal(new LeaseRecord(JobPhase.Running, Lease, "silo-a", 0, 0, null), begin.Next);

        var again = LeaseStateMachine.Begin(begin.Next, Lease, "silo-a");
        Assert.Equal((LeaseEffect.Continue, false), (again.Effect, again.Changed));

        var other = LeaseStateMachine.Begin(begin.Next, Stale, "silo-b");
        Assert.Equal((LeaseEffect.Ignored, begin.Next), (other.Effect, other.Next));

        foreach (var phase in new[] { JobPhase.NotStarted, JobPhase.Waiting, JobPhase.Succeeded, JobPhase.Failed, JobPhase.Cancelled })
            Assert.Equal(LeaseEffect.Ignored, LeaseStateMachine.Begin(Queued() with { Phase = phase }, Lease, "silo-a").Effect);
    }

    [Fact]
    public void OnlyTheCurrentLeaseMayReportOrFinish()
    {
        var running = Running();
        Assert.True(LeaseStateMachine.Holds(running, Lease));
        Assert.False(LeaseStateMachine.Holds(running, Stale));
        Assert.False(LeaseStateMachine.Holds(Queued(), Lease));

        var machine = new LeaseStateMachine(retries: 1);
        Assert.Equal(LeaseEffect.Ignored, LeaseStateMachine.Complete(running, Stale).Effect);
        Assert.Equal(LeaseEffect.Ignored, machine.Fail(running, Stale, "boom").Effect);
        Assert.Equal(LeaseEffect.Ignored, machine.LeaseLost(running, Stale).Effect);

        var done = LeaseStateMachine.Complete(running with { Error = "an earlier attempt failed" }, Lease);
        Assert.Equal(LeaseEffect.Succeeded, done.Effect);
        Assert.Equal(new LeaseRecord(JobPhase.Succeeded, null, "silo-a", 0, 0, null), done.Next);
        Assert.Equal(LeaseEffect.Ignored, LeaseStateMachine.Complete(done.Next, Lease).Effect);
    }

    [Fact]
    public void AFailureWithARetryLeftRequeuesAndTheLastOneFails()
    {
        var machine = new LeaseStateMachine(retries: 1);

        var first = machine.Fail(Running(), Lease, "bad clip");
        Assert.Equal(LeaseEffect.Requeued, first.Effect);
        Assert.Equal(new LeaseRecord(JobPhase.Queued, null, "silo-a", 1, 0, "bad clip"), first.Next);

        var second = machine.Fail(LeaseStateMachine.Begin(first.Next, Lease, "silo-b").Next, Lease, "bad clip again");
        Assert.Equal(LeaseEffect.Failed, second.Effect);
        Assert.Equal(new LeaseRecord(JobPhase.Failed, null, "silo-b", 2, 0, "bad clip again"), second.Next);

        Assert.Equal(LeaseEffect.Failed, new LeaseStateMachine(retries: 0).Fail(Running(), Lease, "x").Effect);
    }

    [Fact]
    public void ALostLeaseRequeuesWithoutUsingARetry()
    {
        var lost = new LeaseStateMachine(retries: 0).LeaseLost(Running(attempts: 0), Lease);

        Assert.Equal(LeaseEffect.Requeued, lost.Effect);
        Assert.Equal(new LeaseRecord(JobPhase.Queued, null, "silo-a", 0, 1, null), lost.Next);
        Assert.Equal(LeaseEffect.Ignored, new LeaseStateMachine(0).LeaseLost(lost.Next, Lease).Effect);
    }

    [Fact]
    public void AJobInterruptedMoreOftenThanTheLimitFailsNamingWhy()
    {
        var machine = new LeaseStateMachine(retries: 3);
        Assert.Equal(5, machine.MaxInterruptions);
        var record = Queued();
        for (var interruption = 1; interruption <= 5; interruption++)
        {
            var lost = machine.LeaseLost(LeaseStateMachine.Begin(record, Lease, "silo-a").Next, Lease);
            Assert.Equal((LeaseEffect.Requeued, interruption), (lost.Effect, lost.Next.Interruptions));
            record = lost.Next;
        }

        var last = machine.LeaseLost(LeaseStateMachine.Begin(record, Lease, "silo-a").Next, Lease);

        Assert.Equal((LeaseEffect.Failed, JobPhase.Failed, 6, 0), (last.Effect, last.Next.Phase, last.Next.Interruptions, last.Next.Attempts));
        Assert.Equal("interrupted 6 times, more than the limit of 5: its runner was lost each time", last.Next.Error);
        Assert.Equal(LeaseEffect.Failed, new LeaseStateMachine(retries: 3, maxInterruptions: 0).LeaseLost(Running(), Lease).Effect);
    }

    [Fact]
    public void CancelStopsUnfinishedJobsOnlyAndRetryStartsTheCountsOver()
    {
        foreach (var unfinished in new[] { Queued(), Queued() with { Phase = JobPhase.Waiting }, Running() })
        {
            var cancel = LeaseStateMachine.Cancel(unfinished);
            Assert.Equal(LeaseEffect.Cancelled, cancel.Effect);
            Assert.Equal((JobPhase.Cancelled, (Guid?)null), (cancel.Next.Phase, cancel.Next.LeaseId));
        }
        foreach (var phase in new[] { JobPhase.NotStarted, JobPhase.Succeeded, JobPhase.Failed, JobPhase.Cancelled })
            Assert.Equal(LeaseEffect.Ignored, LeaseStateMachine.Cancel(Queued() with { Phase = phase }).Effect);

        var failed = new LeaseRecord(JobPhase.Failed, null, "silo-a", 2, 6, "interrupted");
        var retry = LeaseStateMachine.Retry(failed);
        Assert.Equal(LeaseEffect.Requeued, retry.Effect);
        Assert.Equal(new LeaseRecord(JobPhase.Queued, null, "silo-a", 0, 0, null), retry.Next);
        Assert.Equal(LeaseEffect.Requeued, LeaseStateMachine.Retry(failed with { Phase = JobPhase.Cancelled }).Effect);
        Assert.Equal(LeaseEffect.Ignored, LeaseStateMachine.Retry(Running()).Effect);
        Assert.Equal(LeaseEffect.Ignored, LeaseStateMachine.Retry(failed with { Phase = JobPhase.Succeeded }).Effect);
    }

    [Fact]
    public void ResumeQueuesWaitsOrAdoptsTheLeaseByPhase()
    {
        Assert.Equal(ResumeAction.Enqueue, LeaseStateMachine.Resume(Queued()));
        Assert.Equal(ResumeAction.WaitForGate, LeaseStateMachine.Resume(Queued() with { Phase = JobPhase.Waiting }));
        Assert.Equal(ResumeAction.AdoptLease, LeaseStateMachine.Resume(Running()));
        Assert.Equal(ResumeAction.None, LeaseStateMachine.Resume(Running() with { LeaseId = null }));
        foreach (var phase in new[] { JobPhase.NotStarted, JobPhase.Succeeded, JobPhase.Failed, JobPhase.Cancelled })
            Assert.Equal(ResumeAction.None, LeaseStateMachine.Resume(Queued() with { Phase = phase }));
    }

    [Fact]
    public void NegativeLimitsAreRefusedNamingTheSetting()
    {
        Assert.Contains("retries", Assert.Throws<ArgumentOutOfRangeException>(() => new LeaseStateMachine(-1)).Message);
        Assert.Contains("maxInterruptions", Assert.Throws<ArgumentOutOfRangeException>(() => new LeaseStateMachine(0, -1)).Message);
    }
}
