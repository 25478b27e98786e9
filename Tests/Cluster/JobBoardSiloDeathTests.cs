using Grid.Grains;
using Xunit;
using static Grid.Tests.Cluster.JobBoardSamples;

namespace Grid.Tests.Cluster;

[Trait("Category", "Unit")]
public sealed class JobBoardSiloDeathTests
{
    [Fact]
    public void ADeadSilosLeasesAreRevokedAtOnceAndItsSlotsForgotten()
    {
        var board = Board(1, "silo-a", "silo-b");
        board.Enqueue(Fold("exp", 0, 1, seconds: 1));
        board.Enqueue(Fold("exp", 0, 2, seconds: 2));
        var onA = board.Poll("silo-a", 0, T0)!;
        var onB = board.Poll("silo-b", 0, T0)!;

        var lost = board.SiloDead("silo-a");

        Assert.Equal([onA.LeaseId], lost.Select(l => l.LeaseId));
        Assert.Equal([onB.LeaseId], board.Leases.Select(l => l.LeaseId));
        Assert.Equal(["silo-b"], board.View().Silos.Select(s => s.Silo));
        Assert.Null(board.Poll("silo-a", 0, T0));
        Assert.Empty(board.SiloDead("silo-a"));

        // The revoked lease stays revoked: a late report of it adopts nothing, and the re-queued job can go elsewhere.
        board.Adopt(onA.Ticket, onA.LeaseId, "silo-a", [0], T0);
        Assert.DoesNotContain(board.Leases, l => l.LeaseId == onA.LeaseId);
        board.Enqueue(onA.Ticket);
        board.Release(onB.Ticket.JobId, onB.LeaseId);
        Assert.Equal(onA.Ticket.JobId, board.Poll("silo-b", 0, T0)!.Ticket.JobId);
    }
}
