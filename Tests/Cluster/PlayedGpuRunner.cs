using Grid.Grains;
using Grid.Learning.Training;
using Grid.Silo.Runner;

namespace Grid.Tests.Cluster;

/// <summary>
/// A runner a test plays by hand on one GPU slot (the test clusters' own runners offer CPU slots only, so they never take
/// its jobs): its heartbeats, a loop renewing a lease, and the epoch figures and checkpoints it reports.
/// </summary>
public sealed class PlayedGpuRunner(ISchedulerGrain scheduler, string silo)
{
    public static readonly SlotInfo GpuSlot = new(0, IsGpu: true, Device: 0, Threads: 1, JobId: null, LeaseId: null);

    public string Silo => silo;

    /// <summary>One heartbeat: the slot free, or running <paramref name="running"/>.</summary>
    public Task HeartbeatAsync(JobAssignment? running) =>
        scheduler.HeartbeatAsync(new RunnerHeartbeat(silo, [running is null ? GpuSlot : GpuSlot with { JobId = running.Ticket.JobId, LeaseId = running.LeaseId }]));

    /// <summary>Heartbeats for <paramref name="running"/> until <paramref name="stop"/>, as a live runner keeps its lease.</summary>
    public async Task RenewAsync(JobAssignment running, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            await HeartbeatAsync(running);
            await Task.Delay(300, CancellationToken.None);
        }
    }

    public static EpochMetrics EpochFigures(int epoch, double accuracy) =>
        new(epoch, 1.0 / epoch, 1.0 / epoch, accuracy, [1, 1], [1, 1], [1, 1], [[1, 0], [0, 1]], 0.01);

    public static Action<Stream> Checkpoint(string text) => stream => stream.Write(System.Text.Encoding.UTF8.GetBytes(text));
}
