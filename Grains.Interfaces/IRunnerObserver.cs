namespace Grid.Grains;

/// <summary>
/// A silo's job runner as the scheduler reaches it: told when there may be work for its idle slots, which then ask for
/// it (<see cref="ISchedulerGrain.PollAsync"/>) at once instead of at their next poll. The runner registers it with
/// every heartbeat (<see cref="RunnerHeartbeat.Observer"/>); a notice may be lost, so polling remains the safety net.
/// </summary>
public interface IRunnerObserver : IGrainObserver
{
    /// <summary>Jobs were queued or slots freed: idle slots should poll now. One-way; nothing waits for the runner.</summary>
    void WorkAvailable();

    /// <summary>
    /// The scheduler revoked this lease (its job was cancelled or stopped by a rule): the runner stops the job now instead of
    /// at its next epoch report or heartbeat. One-way; a lost notice leaves it to those.
    /// </summary>
    void LeaseRevoked(Guid leaseId);
}
