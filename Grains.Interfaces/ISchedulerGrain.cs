namespace Grid.Grains;

/// <summary>
/// The cluster-wide job queue (key <see cref="GrainKeys.Singleton"/>). Its state is soft: job grains own
/// the truth, and on activation it asks the registry to re-drive every unfinished experiment.
/// </summary>
public interface ISchedulerGrain : IGrainWithStringKey
{
    /// <summary>Adds a runnable job (idempotent by job id).</summary>
    Task EnqueueAsync(JobTicket ticket, CancellationToken cancellationToken = default);

    /// <summary>A queued job now gates this many folds (its place in the queue follows); no effect once it runs.</summary>
    Task SetGatedFoldsAsync(string jobId, int gatedFolds, CancellationToken cancellationToken = default);

    /// <summary>Drops a job from the queue and revokes its lease, if any.</summary>
    Task RemoveAsync(string jobId, CancellationToken cancellationToken = default);

    /// <summary>Records a job's lease (re-driven running job); the holder's heartbeats keep it alive.</summary>
    Task AdoptLeaseAsync(JobTicket ticket, Guid leaseId, string silo, CancellationToken cancellationToken = default);

    /// <summary>True while this lease is the job's current one: a job grain lets a runner begin only with it.</summary>
    Task<bool> HoldsLeaseAsync(string jobId, Guid leaseId, CancellationToken cancellationToken = default);

    /// <summary>
    /// A job grain that shows its job running asks whether the lease is live: false when it was revoked or replaced (the
    /// job is then re-queued as interrupted); a lease the scheduler did not know is adopted and expires unless renewed.
    /// </summary>
    Task<bool> ConfirmLeaseAsync(JobTicket ticket, Guid leaseId, string silo, CancellationToken cancellationToken = default);

    /// <summary>Hands a free slot the next fair job it can run, or null.</summary>
    Task<JobAssignment?> PollAsync(string silo, int slot, CancellationToken cancellationToken = default);

    /// <summary>
    /// Hands each of a silo's free slots, in the order given, the next fair job it can run (as <see cref="PollAsync"/>
    /// one slot at a time would): one call for all of a runner's idle slots.
    /// </summary>
    Task<IReadOnlyList<JobAssignment>> PollManyAsync(string silo, IReadOnlyList<int> slots, CancellationToken cancellationToken = default);

    /// <summary>Renews the leases of the silo's running jobs and records its slots.</summary>
    Task<HeartbeatReply> HeartbeatAsync(RunnerHeartbeat heartbeat, CancellationToken cancellationToken = default);

    /// <summary>The job has finished or failed under this lease: its slot is free.</summary>
    Task ReleaseAsync(string jobId, Guid leaseId, CancellationToken cancellationToken = default);

    Task SetExperimentLimitAsync(string experimentId, int maxConcurrentTrials, CancellationToken cancellationToken = default);

    Task<ClusterView> GetClusterAsync(CancellationToken cancellationToken = default);

    /// <summary>The known silos and their slots, without the queue or the leases: what a launch checks a spec's resources against.</summary>
    Task<IReadOnlyList<SiloView>> GetSilosAsync(CancellationToken cancellationToken = default);
}
