using Grid.Grains;
using Xunit;
using static Grid.Tests.Cluster.JobBoardSamples;

namespace Grid.Tests.Cluster;

/// <summary>The job board's side of lease fencing and of healing after storage faults.</summary>
[Trait("Category", "Unit")]
public sealed class JobBoardFencingTests
{
    [Fact]
    public void EnqueuingAJobWhoseLeaseWasJustHandedOutKeepsTheLease()
    {
        var board = Board(1);
        var ticket = Fold("exp", 0, 1);
        board.Enqueue(ticket);
        var handed = board.Poll("silo-a", 0, T0)!;

        // A resume re-enqueues the fold, still queued in its grain, before the runner's BeginAsync arrives.
        board.Enqueue(ticket);

        Assert.True(board.Holds(ticket.JobId, handed.LeaseId));
        Assert.Empty(board.Queued);
        Assert.Empty(board.Heartbeat(new RunnerHeartbeat("silo-a", [Cpu(0) with { JobId = ticket.JobId, LeaseId = handed.LeaseId }]), T0));
        board.Release(ticket.JobId, handed.LeaseId);
        board.Enqueue(ticket);
        Assert.Equal([ticket.JobId], board.Queued.Select(t => t.JobId));
    }

    [Fact]
    public void OnlyTheCurrentLeaseIsConfirmedAndAnUnknownOneIsAdoptedToExpire()
    {
        var board = Board(1);
        var ticket = Fold("exp", 0, 1);
        board.Enqueue(ticket);
        var first = board.Poll("silo-a", 0, T0)!;
        Assert.True(board.Confirm(ticket, first.LeaseId, "silo-a", T0));
        Assert.False(board.Holds(ticket.JobId, Guid.NewGuid()));

        board.Expire(T0.AddSeconds(1));
        Assert.False(board.Confirm(ticket, first.LeaseId, "silo-a", T0.AddSeconds(2)));
        board.Enqueue(ticket);
        Assert.False(board.Confirm(ticket, Guid.NewGuid(), "silo-a", T0.AddSeconds(2)));

        // A restarted scheduler knows nothing: it adopts the lease, which expires unless heartbeats renew it.
        var fresh = new JobBoard();
        var shown = Guid.NewGuid();
        Assert.True(fresh.Confirm(ticket, shown, "silo-b", T0));
        Assert.True(fresh.Holds(ticket.JobId, shown));
        Assert.True(fresh.Confirm(ticket, shown, "silo-b", T0.AddSeconds(30)));
        Assert.Equal([shown], fresh.Expire(T0.AddSeconds(10)).Select(l => l.LeaseId));
    }

    [Fact]
    public void AHeartbeatNeverTakesAJobFromItsLeaseOrOffTheQueueWithALeaseTheBoardDidNotIssue()
    {
        var board = Board(1, "silo-a", "silo-b");
        var (held, queued) = (Fold("exp", 0, 1), Fold("exp", 0, 2));
        board.Enqueue(held);
        var holder = board.Poll("silo-a", 0, T0)!;
        board.Enqueue(queued);
        var (zombie, madeUp) = (Guid.NewGuid(), Guid.NewGuid());

        var reply = board.Heartbeat(new RunnerHeartbeat("silo-b", [Cpu(0) with { JobId = held.JobId, LeaseId = zombie }]), T0.AddSeconds(1), out var ask);

        Assert.Equal([zombie], reply);
        Assert.Empty(ask);
        Assert.True(board.Holds(held.JobId, holder.LeaseId));
        Assert.Equal(("silo-a", holder.LeaseId), (board.Leases.Single().Silo, board.Leases.Single().LeaseId));
        Assert.Equal([madeUp], board.Heartbeat(new RunnerHeartbeat("silo-b", [Cpu(0) with { JobId = queued.JobId, LeaseId = madeUp }]), T0.AddSeconds(2), out ask));
        Assert.Empty(ask);
        Assert.Equal([queued.JobId], board.Queued.Select(t => t.JobId));
        // Once refused, always refused: the job grain can no longer vouch for it either.
        board.Adopt(held, zombie, "silo-b", [0], T0.AddSeconds(3));
        Assert.True(board.Holds(held.JobId, holder.LeaseId));
        Assert.Equal([zombie], board.Heartbeat(new RunnerHeartbeat("silo-b", [Cpu(0) with { JobId = held.JobId, LeaseId = zombie }]), T0.AddSeconds(4)));
    }

    [Fact]
    public void ARestartedBoardAdoptsARunnersLeaseOnlyOnceItsJobGrainVouchesForItAndCancelsItOtherwise()
    {
        var board = new JobBoard(TimeSpan.FromSeconds(10));
        var (vouched, finished, other) = (Fold("exp", 0, 1), Fold("exp", 0, 2), Fold("exp", 0, 3));
        var (running, zombie) = (Guid.NewGuid(), Guid.NewGuid());
        RunnerHeartbeat Beat() => new("silo-a", [Cpu(0) with { JobId = vouched.JobId, LeaseId = running }, Cpu(1) with { JobId = finished.JobId, LeaseId = zombie }, Cpu(2)]);

        Assert.Empty(board.Heartbeat(Beat(), T0, out var ask));
        Assert.Equal([vouched.JobId, finished.JobId], ask);
        Assert.Empty(board.Leases);
        // Neither adopted nor free: the slots they run on get no other job meanwhile.
        board.Enqueue(other);
        Assert.Null(board.Poll("silo-a", 0, T0));
        Assert.Null(board.Poll("silo-a", 1, T0));

        // The fold grain records `running` as its holder (a job grain that finished vouches for nothing).
        board.Adopt(vouched, running, "", [], T0.AddSeconds(1));
        Assert.True(board.Holds(vouched.JobId, running));
        Assert.Equal("silo-a", board.Leases.Single().Silo);
        Assert.Equal([0], board.Leases.Single().Slots);
        Assert.Empty(board.Heartbeat(Beat(), T0.AddSeconds(9), out ask));
        Assert.Empty(ask);

        Assert.Equal([zombie], board.Heartbeat(Beat(), T0.AddSeconds(10)));
        Assert.Equal([zombie], board.Heartbeat(Beat(), T0.AddSeconds(11)));
        Assert.Equal(running, Assert.Single(board.Leases).LeaseId);
        Assert.Equal(other.JobId, board.Poll("silo-a", 1, T0.AddSeconds(11))!.Ticket.JobId);
    }

    [Fact]
    public void ALeaseWaitingForItsJobGrainIsCancelledWhenTheGrainShowsAnotherHolderOrTheJobIsRemoved()
    {
        var board = new JobBoard(TimeSpan.FromMinutes(1));
        var (job, removed) = (Fold("exp", 0, 1), Fold("exp", 0, 2));
        var (zombie, current, orphan) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        RunnerHeartbeat Beat() => new("silo-b", [Cpu(0) with { JobId = job.JobId, LeaseId = zombie }, Cpu(1) with { JobId = removed.JobId, LeaseId = orphan }]);
        Assert.Empty(board.Heartbeat(Beat(), T0));

        board.Adopt(job, current, "silo-a", [], T0.AddSeconds(1));
        board.Remove(removed.JobId);

        Assert.Equal([zombie, orphan], board.Heartbeat(Beat(), T0.AddSeconds(2)));
        Assert.True(board.Holds(job.JobId, current));
    }
}
