namespace Grid.Grains;

/// <summary>Lease settings of the cluster scheduler (configuration section <c>Scheduler</c>).</summary>
public sealed class SchedulerOptions
{
    public const string Section = "Scheduler";

    /// <summary>A lease (and a silo's slots) not renewed by a heartbeat for this long is lost and its job re-queued.</summary>
    public TimeSpan LeaseTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often the scheduler looks for expired leases.</summary>
    public TimeSpan ExpiryCheckInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How often a job may lose its runner (a dead silo, an expired lease) and be re-queued; the next interruption fails
    /// it with that reason instead of cycling forever. Default 5 (<see cref="LeaseStateMachine.DefaultMaxInterruptions"/>).
    /// </summary>
    public int MaxInterruptions { get; set; } = LeaseStateMachine.DefaultMaxInterruptions;
}
