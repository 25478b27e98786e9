using Grid.Grains;
using Xunit;
using static Grid.Tests.Cluster.JobBoardSamples;

namespace Grid.Tests.Cluster;

/// <summary>
/// A poll looks at each experiment's first queued tickets (kept in order), not at the whole queue: over a large random
/// queue, with ties in time and gating and a limit of concurrent trials, it hands out exactly what a sort of the whole
/// queue by the documented order, within the limit, gives.
/// </summary>
[Trait("Category", "Unit")]
public sealed class JobBoardOrderTests
{
    [Fact]
    public void APollOverThousandsOfQueuedJobsHandsThemOutInTheDocumentedOrder()
    {
        var random = new Random(13);
        var board = Board(slots: 1_000);
        var queued = new List<JobTicket>();
        for (var i = 0; i < 2_000; i++)
        {
            var experiment = $"e{random.Next(7)}";
            var ticket = random.Next(10) == 0
                ? PretrainingRun(experiment, $"pt-{i}", gatedFolds: random.Next(1, 4), seconds: random.Next(50))
                : Fold(experiment, random.Next(20), i, seconds: random.Next(50));
            board.Enqueue(ticket);
            queued.Add(ticket);
        }
        var running = new Dictionary<string, int>();
        board.SetLimit("e0", 3);
        var e0Trials = new HashSet<string>();

        for (var slot = 0; slot < 1_000; slot++)
        {
            var expected = queued
                .Where(t => t.ExperimentId != "e0" || e0Trials.Contains(t.TrialKey) || e0Trials.Count < 3)
                .OrderBy(t => running.GetValueOrDefault(t.ExperimentId))
                .ThenByDescending(t => t.GatedFolds)
                .ThenBy(t => t.EnqueuedAt)
                .ThenBy(t => t.JobId, StringComparer.Ordinal)
                .First();

            var assignment = board.Poll("silo-a", slot, T0);

            Assert.Equal(expected.JobId, assignment?.Ticket.JobId);
            queued.Remove(expected);
            running[expected.ExperimentId] = running.GetValueOrDefault(expected.ExperimentId) + 1;
            if (expected.ExperimentId == "e0") e0Trials.Add(expected.TrialKey);
        }
        Assert.Equal(1_000, board.Queued.Count);
    }

    [Fact]
    public void OnePollForManySlotsHandsOutWhatPollsOneSlotAtATimeWould()
    {
        JobBoard Queued()
        {
            var board = Board(slots: 6);
            board.Enqueue(Fold("a", 0, 1, seconds: 1));
            board.Enqueue(new JobTicket("fold:b/0/1", "b", "b/0", 2, Accelerator.Any, T0.AddSeconds(2)));
            board.Enqueue(Fold("a", 0, 2, seconds: 3));
            board.Enqueue(PretrainingRun("c", "pt-c", gatedFolds: 4, seconds: 4));
            return board;
        }
        int[] idle = [0, 1, 2, 3, 4, 5];

        var many = Queued().PollMany("silo-a", idle, T0);
        var single = Queued();
        var one = idle.Select(slot => single.Poll("silo-a", slot, T0)).OfType<JobAssignment>().ToArray();

        Assert.Equal(one.Select(a => (a.Ticket.JobId, string.Join(",", a.Slots))), many.Select(a => (a.Ticket.JobId, string.Join(",", a.Slots))));
        Assert.Equal(4, many.Count);
        Assert.Contains(many, a => a.Ticket.JobId == "fold:b/0/1" && a.Slots.Count == 2);
    }
}
