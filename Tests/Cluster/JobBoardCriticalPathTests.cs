using Grid.Grains;
using Xunit;
using static Grid.Tests.Cluster.JobBoardSamples;

namespace Grid.Tests.Cluster;

[Trait("Category", "Unit")]
public sealed class JobBoardCriticalPathTests
{
    [Fact]
    public void AJobThatGatesFoldsGoesAheadOfOlderJobsThatGateNothing()
    {
        var board = Board(slots: 2);
        for (var fold = 1; fold <= 3; fold++) board.Enqueue(Fold("demo", 0, fold, seconds: fold));
        board.Enqueue(PretrainingRun("demo", "pt-moco", gatedFolds: 3, seconds: 10));

        var first = board.Poll("silo-a", 0, T0)!;
        var second = board.Poll("silo-a", 1, T0)!;

        Assert.Equal("pretrain:pt-moco", first.Ticket.JobId);
        Assert.Equal("fold:demo/0/1", second.Ticket.JobId);
    }

    [Fact]
    public void TheJobGatingMoreFoldsGoesFirst()
    {
        var board = Board(slots: 3);
        board.Enqueue(PretrainingRun("demo", "pt-small", gatedFolds: 2, seconds: 1));
        board.Enqueue(PretrainingRun("demo", "pt-large", gatedFolds: 20, seconds: 2));
        board.Enqueue(Fold("demo", 0, 1, seconds: 0));

        var order = Enumerable.Range(0, 3).Select(slot => board.Poll("silo-a", slot, T0)!.Ticket.JobId).ToArray();

        Assert.Equal(["pretrain:pt-large", "pretrain:pt-small", "fold:demo/0/1"], order);
    }

    [Fact]
    public void FairnessBetweenExperimentsStillComesFirst()
    {
        var board = Board(slots: 3);
        board.Enqueue(Fold("busy", 0, 1, seconds: 0));
        Assert.Equal("busy", board.Poll("silo-a", 0, T0)!.Ticket.ExperimentId);
        board.Enqueue(PretrainingRun("busy", "pt-busy", gatedFolds: 10, seconds: 1));
        board.Enqueue(Fold("idle", 0, 1, seconds: 2));

        Assert.Equal("fold:idle/0/1", board.Poll("silo-a", 1, T0)!.Ticket.JobId);
        Assert.Equal("pretrain:pt-busy", board.Poll("silo-a", 2, T0)!.Ticket.JobId);
    }

    [Fact]
    public void AQueuedJobsGatedFoldsCanBeRaisedButARunningJobKeepsItsLease()
    {
        var board = Board(slots: 2);
        board.Enqueue(Fold("demo", 0, 1, seconds: 0));
        board.Enqueue(PretrainingRun("demo", "pt-moco", gatedFolds: 0, seconds: 1));

        board.SetGatedFolds("pretrain:pt-moco", 4);
        var first = board.Poll("silo-a", 0, T0)!;
        board.SetGatedFolds("pretrain:pt-moco", 5);

        Assert.Equal(("pretrain:pt-moco", 4), (first.Ticket.JobId, first.Ticket.GatedFolds));
        Assert.Contains(board.Leases, l => l.LeaseId == first.LeaseId);
        Assert.DoesNotContain(board.Queued, t => t.JobId == "pretrain:pt-moco");
        Assert.Equal(T0.AddSeconds(1), first.Ticket.EnqueuedAt);
    }
}
