using Grid.Grains;

namespace Grid.Silo.Runner;

/// <summary>
/// Wakes this silo's poller when the scheduler says there is work (<see cref="IRunnerObserver"/>) or a slot is freed. The
/// poller reads <see cref="Version"/> before it polls and then waits only while no notice arrived since: a notice that
/// comes between an empty poll and the wait is not lost. A revoked lease is passed to <paramref name="leaseRevoked"/>
/// (the runner cancels its job).
/// </summary>
public sealed class WorkSignal(Action<Guid>? leaseRevoked = null) : IRunnerObserver
{
    private readonly object _gate = new();
    private long _version;

    /// <summary>Notices received so far.</summary>
    public long Version
    {
        get { lock (_gate) return _version; }
    }

    public void WorkAvailable() => Wake();

    public void LeaseRevoked(Guid leaseId) => leaseRevoked?.Invoke(leaseId);

    /// <summary>Wakes the waiters as a notice does: a slot of this silo was freed.</summary>
    public void Wake()
    {
        lock (_gate)
        {
            _version++;
            Monitor.PulseAll(_gate);
        }
    }

    /// <summary>Blocks until a notice newer than <paramref name="seen"/>, the timeout or <paramref name="stopping"/>; true on a notice.</summary>
    public bool Wait(long seen, TimeSpan timeout, CancellationToken stopping)
    {
        using var wake = stopping.Register(() =>
        {
            lock (_gate) Monitor.PulseAll(_gate);
        });
        var deadline = DateTime.UtcNow + timeout;
        lock (_gate)
        {
            while (_version == seen && !stopping.IsCancellationRequested)
            {
                var left = deadline - DateTime.UtcNow;
                if (left <= TimeSpan.Zero) return false;
                Monitor.Wait(_gate, left);
            }
            return _version != seen;
        }
    }
}
