using Orleans.Runtime;

namespace Grid.Grains;

/// <summary>
/// While a job grain shows its job running, checks every <see cref="PeriodFor"/> (half the lease timeout, at least a
/// second) that its lease is live with the scheduler (<see cref="ISchedulerGrain.ConfirmLeaseAsync"/>), so that a job
/// shown running without a live lease (its runner's report or a state write was lost to a storage fault) is re-queued
/// within the lease timeout instead of waiting for an operator. The grain supplies the check; this class only keeps the
/// timer running exactly while the job runs, so that finished jobs' grains can deactivate.
/// </summary>
public sealed class LeaseWatchdog(IGrainBase grain, TimeSpan period, Func<CancellationToken, Task> check)
{
    private IGrainTimer? _timer;

    public static TimeSpan PeriodFor(SchedulerOptions options) => TimeSpan.FromTicks(Math.Max(TimeSpan.TicksPerSecond, options.LeaseTimeout.Ticks / 2));

    /// <summary>Starts the checks when the job runs, stops them when it does not.</summary>
    public void Follow(bool running)
    {
        if (running && _timer is null)
        {
            _timer = grain.RegisterGrainTimer(check, new GrainTimerCreationOptions(period, period) { KeepAlive = true });
        }
        else if (!running && _timer is not null)
        {
            _timer.Dispose();
            _timer = null;
        }
    }
}
