using Orleans.Concurrency;

namespace Grid.Grains;

/// <summary>One fold job of a trial, keyed <c>{experiment}/{trial}/{fold}</c>.</summary>
public interface IFoldGrain : IJobGrain
{
    Task StartAsync(FoldDefinition definition, CancellationToken cancellationToken = default);

    /// <summary>
    /// After a restart, in one turn: starts the fold if it never started, else queues it again, waits again for its
    /// pretraining or has its lease adopted (<see cref="IJobGrain.ResumeAsync"/>). Returns its status.
    /// </summary>
    Task<FoldStatus> StartOrResumeAsync(FoldDefinition definition, CancellationToken cancellationToken = default);

    /// <summary>
    /// The holder's last epoch (its blobs durable) and the job's completion (its result durable), taken and stored in
    /// one write: a fold's last epoch report and its completion come together, so they cost the storage one write, not
    /// two. False, changing nothing, when the lease is not the fold's (or the report is ahead of what it stored).
    /// </summary>
    Task<bool> CompleteLastEpochAsync(Guid leaseId, EpochReport lastEpoch, JobOutcome outcome, CancellationToken cancellationToken = default);

    Task<FoldStatus> GetStatusAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// The status as it stands, interleaved with a turn under way (whose change may not be stored yet): a trial that
    /// activates gathers its folds' statuses with it, since a fold may be awaiting that trial (for its definition).
    /// </summary>
    [AlwaysInterleave]
    Task<FoldStatus> PeekStatusAsync();

    Task CancelAsync(CancellationToken cancellationToken = default);

    /// <summary>Cancels the unfinished fold because a stopping rule stopped it; <paramref name="reason"/> is shown with it.</summary>
    Task StopAsync(string reason, CancellationToken cancellationToken = default);

    /// <summary>Queues a fold a stopping rule stopped again, to run to the end; true when it did.</summary>
    Task<bool> RetryStoppedAsync(CancellationToken cancellationToken = default);

    /// <summary>Queues the fold again if it failed or was cancelled (not stopped by a rule); true when it did.</summary>
    Task<bool> RetryAsync(CancellationToken cancellationToken = default);

    /// <summary>The pretraining this fold waits for has finished (checkpoint) or failed (error).</summary>
    [OneWay]
    Task PretrainingFinishedAsync(string? checkpointBlob, string? error);
}
