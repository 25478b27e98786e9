using Grid.Grains;
using Xunit;
using static Grid.Tests.Cluster.JobBoardSamples;

namespace Grid.Tests.Cluster;

/// <summary>
/// A poll picks in one pass over the queue (no sort): over a large random queue, with ties in time and gating, it hands
/// out exactly the order the board documents, as a sort of the queue by that order gives it.
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

        for (var slot = 0; slot < 1_000; slot++)
        {
            var expected = queued
                .OrderBy(t => running.GetValueOrDefault(t.ExperimentId))
                .ThenByDescending(t => t.GatedFolds)
                .ThenBy(t => t.EnqueuedAt)
                .ThenBy(t => t.JobId, StringComparer.Ordinal)
                .First();

            var assignment = board.Poll("silo-a", slot, T0);

            Assert.Equal(expected.JobId, assignment?.Ticket.JobId);
            queued.Remove(expected);
            running[expected.ExperimentId] = running.GetValueOrDefault(expected.ExperimentId) + 1;
        }
        Assert.Equal(1_000, board.Queued.Count);
    }
}
