using Orleans.Concurrency;

namespace Grid.Grains;

/// <summary>
/// A grain that owns one schedulable job and its state. The runner holding the job's lease reports
/// through these methods; reports carrying a stale lease are refused (false / null).
/// </summary>
public interface IJobGrain : IGrainWithStringKey
{
    /// <summary>The job's work for the lease holder, or null when the lease is no longer current.</summary>
    Task<JobWork?> BeginAsync(Guid leaseId, string silo, int device, CancellationToken cancellationToken = default);

    /// <summary>Records an epoch; false tells the runner to stop (lease lost or job cancelled).</summary>
    Task<bool> ReportEpochAsync(Guid leaseId, EpochReport report, CancellationToken cancellationToken = default);

    Task CompleteAsync(Guid leaseId, JobOutcome outcome, CancellationToken cancellationToken = default);

    Task FailAsync(Guid leaseId, string error, CancellationToken cancellationToken = default);

    /// <summary>
    /// The lease holder's run was interrupted (the grid or its storage did not answer): queue the job again, as an
    /// interruption, and free the lease's slot. Awaited, unlike <see cref="LeaseLostAsync"/>, so that the runner keeps
    /// its slot (and the job shown on it) until the grain has stored the interruption; a stale lease changes nothing.
    /// </summary>
    Task InterruptedAsync(Guid leaseId, CancellationToken cancellationToken = default);

    /// <summary>The scheduler stopped hearing from the lease holder: queue the job again.</summary>
    [OneWay]
    Task LeaseLostAsync(Guid leaseId);

    /// <summary>The scheduler rebuilt its queue: queue the job again or re-adopt its lease.</summary>
    Task ResumeAsync(CancellationToken cancellationToken = default);
}
