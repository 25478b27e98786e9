using Grid.Grains;
using Xunit;

namespace Grid.Tests.Cluster;

[Trait("Category", "Unit")]
public sealed class JobBoardTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static SlotInfo Cpu(int slot) => new(slot, false, 0, 1, null, null);

    private static SlotInfo Gpu(int slot) => new(slot, true, slot, 1, null, null);

    private static JobTicket Ticket(string experiment, int trial, int fold, int seconds = 0, int devices = 1, Accelerator accelerator = Accelerator.Any) =>
        new(GrainKeys.JobId(JobKind.Fold, $"{experiment}/{trial}/{fold}"), experiment, $"{experiment}/{trial}", devices, accelerator, T0.AddSeconds(seconds));

    private static JobBoard BoardWith(params SlotInfo[] slots)
    {
        var board = new JobBoard();
        board.Heartbeat(new RunnerHeartbeat("silo-a", slots), T0);
        return board;
    }

    [Fact]
    public void AlternatesBetweenConcurrentExperiments()
    {
        var board = BoardWith(Cpu(0), Cpu(1), Cpu(2), Cpu(3));
        for (var fold = 1; fold <= 3; fold++) board.Enqueue(Ticket("first", 0, fold, seconds: fold));
        for (var fold = 1; fold <= 3; fold++) board.Enqueue(Ticket("second", 0, fold, seconds: 10 + fold));

        var experiments = Enumerable.Range(0, 4).Select(slot => board.Poll("silo-a", slot, T0)!.Ticket.ExperimentId).ToArray();

        Assert.Equal(["first", "second", "first", "second"], experiments);
    }

    [Fact]
    public void KeepsAnExperimentWithinItsConcurrentTrialLimit()
    {
        var board = BoardWith(Cpu(0), Cpu(1), Cpu(2));
        board.SetLimit("exp", 1);
        board.Enqueue(Ticket("exp", 0, 1, seconds: 1));
        board.Enqueue(Ticket("exp", 1, 1, seconds: 2));
        board.Enqueue(Ticket("exp", 0, 2, seconds: 3));

        Assert.Equal("exp/0", board.Poll("silo-a", 0, T0)!.Ticket.TrialKey);
        Assert.Equal("exp/0", board.Poll("silo-a", 1, T0)!.Ticket.TrialKey);
        Assert.Null(board.Poll("silo-a", 2, T0));
    }

    [Fact]
    public void GivesGpuJobsOnlyToGpuSlotsAndMultiDeviceJobsSeveralSlots()
    {
        var board = BoardWith(Cpu(0), Gpu(1), Gpu(2));
        board.Enqueue(Ticket("exp", 0, 1, devices: 2, accelerator: Accelerator.Gpu));

        Assert.Null(board.Poll("silo-a", 0, T0));
        var assignment = board.Poll("silo-a", 1, T0)!;
        Assert.Equal([1, 2], assignment.Slots);
        Assert.Null(board.Poll("silo-a", 2, T0));
    }

    [Fact]
    public void ASlotRunsOneJobAtATime()
    {
        var board = BoardWith(Cpu(0));
        board.Enqueue(Ticket("exp", 0, 1));
        board.Enqueue(Ticket("exp", 0, 2));

        var first = board.Poll("silo-a", 0, T0)!;
        Assert.Null(board.Poll("silo-a", 0, T0));
        board.Release(first.Ticket.JobId, first.LeaseId);
        Assert.NotNull(board.Poll("silo-a", 0, T0));
    }

    [Fact]
    public void LeasesNotRenewedExpireAndRevokedLeasesAreCancelledAtTheNextHeartbeat()
    {
        var board = BoardWith(Cpu(0), Cpu(1));
        board.Enqueue(Ticket("exp", 0, 1));
        board.Enqueue(Ticket("exp", 0, 2));
        var kept = board.Poll("silo-a", 0, T0)!;
        var lost = board.Poll("silo-a", 1, T0)!;

        board.Heartbeat(new RunnerHeartbeat("silo-a", [Cpu(0) with { JobId = kept.Ticket.JobId, LeaseId = kept.LeaseId }, Cpu(1)]), T0.AddSeconds(20));
        var expired = board.Expire(T0.AddSeconds(10));

        Assert.Equal([lost.LeaseId], expired.Select(l => l.LeaseId));
        Assert.Equal([kept.Ticket.JobId], board.Leases.Select(l => l.Ticket.JobId));
        var reply = board.Heartbeat(new RunnerHeartbeat("silo-a", [Cpu(0), Cpu(1) with { JobId = lost.Ticket.JobId, LeaseId = lost.LeaseId }]), T0.AddSeconds(21));
        Assert.Equal([lost.LeaseId], reply);
    }
}
