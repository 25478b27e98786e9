namespace Grid.Grains;

/// <summary>
/// The lease life of one schedulable job as a plain class, shared by <see cref="FoldGrain"/> and
/// <see cref="PretrainingGrain"/> (the way <see cref="JobBoard"/> serves the scheduler): begin under a lease, refuse
/// reports from a stale one, fail with or without a retry left, lose the runner (capped: a job interrupted more than
/// <see cref="MaxInterruptions"/> times fails instead of cycling forever), cancel, retry and resume. It decides;
/// the grain stores the next record and talks to the scheduler.
/// </summary>
/// <param name="retries">Failed attempts re-queued before the job fails (the spec's <c>retries</c>).</param>
/// <param name="maxInterruptions">Interruptions a job survives; the next one fails it. Default <see cref="DefaultMaxInterruptions"/> (5).</param>
public sealed class LeaseStateMachine(int retries, int maxInterruptions = LeaseStateMachine.DefaultMaxInterruptions)
{
    public const int DefaultMaxInterruptions = 5;

    public int Retries { get; } = retries >= 0 ? retries : throw new ArgumentOutOfRangeException(nameof(retries), retries, "retries: must not be negative");

    public int MaxInterruptions { get; } = maxInterruptions >= 0
        ? maxInterruptions
        : throw new ArgumentOutOfRangeException(nameof(maxInterruptions), maxInterruptions, "maxInterruptions: must not be negative");

    /// <summary>True while the job runs under exactly this lease: only its holder may report.</summary>
    public static bool Holds(LeaseRecord record, Guid leaseId) => record.Phase == JobPhase.Running && record.LeaseId == leaseId;

    /// <summary>A slot was handed the job: a queued job starts; its current holder may go on; anyone else is refused.</summary>
    public static LeaseTransition Begin(LeaseRecord record, Guid leaseId, string silo) => record.Phase switch
    {
        JobPhase.Queued => new(record with { Phase = JobPhase.Running, LeaseId = leaseId, Silo = silo }, LeaseEffect.Started),
        JobPhase.Running when record.LeaseId == leaseId => new(record, LeaseEffect.Continue),
        _ => Ignore(record),
    };

    /// <summary>The holder finished the job.</summary>
    public static LeaseTransition Complete(LeaseRecord record, Guid leaseId) => !Holds(record, leaseId)
        ? Ignore(record)
        : new(record with { Phase = JobPhase.Succeeded, LeaseId = null, Error = null }, LeaseEffect.Succeeded);

    /// <summary>The holder's run failed: the attempt counts; the job is re-queued while retries are left.</summary>
    public LeaseTransition Fail(LeaseRecord record, Guid leaseId, string error)
    {
        if (!Holds(record, leaseId)) return Ignore(record);
        var attempts = record.Attempts + 1;
        var next = record with { LeaseId = null, Attempts = attempts, Error = error };
        return attempts <= Retries
            ? new(next with { Phase = JobPhase.Queued }, LeaseEffect.Requeued)
            : new(next with { Phase = JobPhase.Failed }, LeaseEffect.Failed);
    }

    /// <summary>
    /// The holder's runner was lost (silo dead, lease expired, grid unreachable). Not the job's fault, so no attempt is
    /// used up; but a job interrupted more than <see cref="MaxInterruptions"/> times fails, naming why.
    /// </summary>
    public LeaseTransition LeaseLost(LeaseRecord record, Guid leaseId)
    {
        if (!Holds(record, leaseId)) return Ignore(record);
        var interruptions = record.Interruptions + 1;
        var next = record with { LeaseId = null, Interruptions = interruptions };
        if (interruptions <= MaxInterruptions)
            return new(next with { Phase = JobPhase.Queued }, LeaseEffect.Requeued);
        var error = $"interrupted {interruptions} times, more than the limit of {MaxInterruptions}: its runner was lost each time";
        return new(next with { Phase = JobPhase.Failed, Error = error }, LeaseEffect.Failed);
    }

    /// <summary>Stops an unfinished job (queued, waiting or running); a finished or never-started job stays as it is.</summary>
    public static LeaseTransition Cancel(LeaseRecord record) => record.IsTerminal || record.Phase == JobPhase.NotStarted
        ? Ignore(record)
        : new(record with { Phase = JobPhase.Cancelled, LeaseId = null }, LeaseEffect.Cancelled);

    /// <summary>A failed or cancelled job asked to run again: its attempt and interruption counts start over.</summary>
    public static LeaseTransition Retry(LeaseRecord record) => record.Phase is not (JobPhase.Failed or JobPhase.Cancelled)
        ? Ignore(record)
        : new(record with { Phase = JobPhase.Queued, LeaseId = null, Attempts = 0, Interruptions = 0, Error = null }, LeaseEffect.Requeued);

    /// <summary>What the job does when the scheduler rebuilt its queue after a restart.</summary>
    public static ResumeAction Resume(LeaseRecord record) => record.Phase switch
    {
        JobPhase.Queued => ResumeAction.Enqueue,
        JobPhase.Waiting => ResumeAction.WaitForGate,
        JobPhase.Running when record.LeaseId is not null => ResumeAction.AdoptLease,
        _ => ResumeAction.None,
    };

    private static LeaseTransition Ignore(LeaseRecord record) => new(record, LeaseEffect.Ignored);
}
