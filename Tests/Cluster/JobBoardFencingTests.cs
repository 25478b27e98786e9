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
}
