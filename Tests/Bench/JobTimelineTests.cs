using Grid.Bench;
using Xunit;

namespace Grid.Tests.Bench;

/// <summary>The benchmark's reading of runner log lines: a run ends when its runner logs it finished or stopped.</summary>
[Trait("Category", "Unit")]
public sealed class JobTimelineTests
{
    [Fact]
    public void AFinishedRunKeepsItsPhasesAndAStoppedRunEndsToo()
    {
        var timeline = new JobTimeline();
        timeline.Observe("silo-0", "info: Running fold:e/0/1 on slot 0 after 0 epochs (attempt 1)");
        timeline.Observe("silo-0", "info: Running fold:e/0/2 on slot 1 after 0 epochs (attempt 1)");
        timeline.Observe("silo-0", "info: Running fold:e/0/3 on slot 2 after 0 epochs (attempt 1)");
        timeline.Observe("silo-0", "info: Finished fold:e/0/1: best accuracy 0.5000; total 812 ms: begin 14, data 3, training 640 (of it waiting for uploads 40), result 9, completion 21");
        timeline.Observe("silo-0", "info: Stopped fold:e/0/2: its lease was revoked or the silo is stopping");

        var jobs = timeline.Jobs.ToDictionary(j => j.JobId);

        Assert.Equal("total 812 ms: begin 14, data 3, training 640 (of it waiting for uploads 40), result 9, completion 21", jobs["fold:e/0/1"].Phases);
        Assert.NotNull(jobs["fold:e/0/1"].Finished);
        Assert.NotNull(jobs["fold:e/0/2"].Finished);
        Assert.Null(jobs["fold:e/0/2"].Phases);
        Assert.Null(jobs["fold:e/0/3"].Finished);
        Assert.Equal(2, jobs["fold:e/0/3"].Slot);
    }

    [Fact]
    public void PhaseMediansTakeEachPhaseOverTheRunsThatLoggedThem()
    {
        var timeline = new JobTimeline();
        Assert.Null(timeline.PhaseMedians());
        foreach (var (job, line) in new[]
        {
            ("fold:e/0/1", "total 812 ms: begin 14, data 3, training 640 (of it waiting for uploads 40), result 9, completion 21"),
            ("fold:e/0/2", "total 400 ms: begin 6, data 0, training 380 (of it waiting for uploads 10), result 4, completion 5"),
            ("fold:e/0/3", "total 500 ms: begin 8, data 1, training 470 (of it waiting for uploads 12), result 5, completion 9"),
        })
        {
            timeline.Observe("silo-0", $"info: Running {job} on slot 0 after 0 epochs (attempt 1)");
            timeline.Observe("silo-0", $"info: Finished {job}: best accuracy 0.5000; {line}");
        }
        timeline.Observe("silo-0", "info: Running fold:e/0/4 on slot 0 after 0 epochs (attempt 1)");
        timeline.Observe("silo-0", "info: Stopped fold:e/0/4: its lease was revoked or the silo is stopping");

        Assert.Equal("3 finished runs, medians: total 500 ms, begin 8, training 470 (waiting for uploads 12), result 5, completion 9",
            timeline.PhaseMedians());
    }
}
