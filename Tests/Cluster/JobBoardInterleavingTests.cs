using Grid.Grains;
using Xunit;
using static Grid.Tests.Cluster.JobBoardSamples;

namespace Grid.Tests.Cluster;

/// <summary>The fold-interleaved order of sweeps with a stopping rule, on the job board alone.</summary>
[Trait("Category", "Unit")]
public sealed class JobBoardInterleavingTests
{
    /// <summary>A trial's folds enqueued as a launch does: trial by trial, every fold of a trial before the next trial's.</summary>
    private static JobTicket Interleaved(string experiment, int trial, int position, int seconds) =>
        Fold(experiment, trial, position, seconds) with { InterleavedPosition = position };

    private static string[] PollAll(JobBoard board, int slots) =>
        Enumerable.Range(0, slots).Select(slot => board.Poll("silo-a", slot, T0)?.Ticket.JobId ?? "-").ToArray();

    [Fact]
    public void HandsOutFoldOneOfEveryTrialBeforeFoldTwoOfAny()
    {
        var board = Board(9);
        for (var trial = 0; trial < 3; trial++)
            for (var position = 1; position <= 3; position++)
                board.Enqueue(Interleaved("exp", trial, position, seconds: 10 * trial + position));

        var order = PollAll(board, 9);

        Assert.Equal(
        [
            "fold:exp/0/1", "fold:exp/1/1", "fold:exp/2/1",
            "fold:exp/0/2", "fold:exp/1/2", "fold:exp/2/2",
            "fold:exp/0/3", "fold:exp/1/3", "fold:exp/2/3",
        ], order);
    }

    [Fact]
    public void WithoutInterleavingTheOldestTicketGoesFirstAsBefore()
    {
        var board = Board(4);
        for (var trial = 0; trial < 2; trial++)
            for (var fold = 1; fold <= 2; fold++)
                board.Enqueue(Fold("exp", trial, fold, seconds: 10 * trial + fold));

        Assert.Equal(["fold:exp/0/1", "fold:exp/0/2", "fold:exp/1/1", "fold:exp/1/2"], PollAll(board, 4));
    }

    [Fact]
    public void FairnessBetweenExperimentsStillComesFirst()
    {
        var board = Board(4);
        for (var trial = 0; trial < 2; trial++)
            for (var position = 1; position <= 2; position++)
                board.Enqueue(Interleaved("pruned", trial, position, seconds: 10 * trial + position));
        board.Enqueue(Fold("plain", 0, 1, seconds: 100));
        board.Enqueue(Fold("plain", 0, 2, seconds: 101));

        var order = PollAll(board, 4);

        Assert.Equal(["fold:pruned/0/1", "fold:plain/0/1", "fold:pruned/1/1", "fold:plain/0/2"], order);
    }

    [Fact]
    public void APretrainingRunOnTheCriticalPathStillGoesFirst()
    {
        var board = Board(3);
        board.Enqueue(Interleaved("exp", 0, 1, seconds: 1));
        board.Enqueue(Interleaved("exp", 1, 2, seconds: 2));
        board.Enqueue(PretrainingRun("exp", "moco-abc", gatedFolds: 4, seconds: 50));

        Assert.Equal(["pretrain:moco-abc", "fold:exp/0/1", "fold:exp/1/2"], PollAll(board, 3));
    }

    [Fact]
    public void ATrialLimitStillHolds()
    {
        var board = Board(3);
        board.SetLimit("exp", 1);
        for (var trial = 0; trial < 2; trial++)
            for (var position = 1; position <= 2; position++)
                board.Enqueue(Interleaved("exp", trial, position, seconds: 10 * trial + position));

        // Trial 0 holds the one trial place, so its second fold runs before trial 1's first.
        Assert.Equal(["fold:exp/0/1", "fold:exp/0/2", "-"], PollAll(board, 3));
    }
}
