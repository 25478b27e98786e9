namespace Grid.Grains;

/// <summary>Where a schedulable job stands, whatever its kind (a fold's or a pretraining run's own states map onto these).</summary>
public enum JobPhase { NotStarted, Queued, Waiting, Running, Succeeded, Failed, Cancelled }

/// <summary>
/// The lease-relevant part of a job grain's state: its phase, the lease it runs under and the silo holding it, its
/// failed attempts, its interruptions (runner lost) and its last error.
/// </summary>
public sealed record LeaseRecord(JobPhase Phase, Guid? LeaseId, string? Silo, int Attempts, int Interruptions, string? Error)
{
    public bool IsTerminal => Phase is JobPhase.Succeeded or JobPhase.Failed or JobPhase.Cancelled;
}

/// <summary>What a transition of <see cref="LeaseStateMachine"/> asks the job grain to do.</summary>
public enum LeaseEffect
{
    /// <summary>Nothing changes: a stale lease, a finished job or a call that does not apply.</summary>
    Ignored,
    /// <summary>The current holder asked again: it may run the job, nothing to store.</summary>
    Continue,
    /// <summary>The job now runs under the lease: store it.</summary>
    Started,
    /// <summary>The job goes back to the queue (a retry was left, it was interrupted, or it was retried by the user).</summary>
    Requeued,
    Succeeded,
    /// <summary>No retries left, or interrupted more often than allowed: the job is finished, unsuccessfully.</summary>
    Failed,
    Cancelled,
}

/// <summary>A job's next lease record and what the grain must do about it.</summary>
public sealed record LeaseTransition(LeaseRecord Next, LeaseEffect Effect)
{
    /// <summary>True when <see cref="Next"/> differs from the record the transition started from and must be stored.</summary>
    public bool Changed => Effect is not (LeaseEffect.Ignored or LeaseEffect.Continue);
}

/// <summary>What a job grain does when the scheduler rebuilds its queue.</summary>
public enum ResumeAction { None, Enqueue, AdoptLease, WaitForGate }
