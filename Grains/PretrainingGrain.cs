using Orleans.Runtime;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Grid.Grains;

/// <summary>
/// One contrastive pretraining run, shared by every trial whose content hash matches: it runs once,
/// and the folds waiting for it start from its final checkpoint. It stops when every waiting fold is cancelled.
/// Its lease life is <see cref="LeaseStateMachine"/>, as a fold's.
/// </summary>
public sealed partial class PretrainingGrain(
    [PersistentState("pretraining", GridStorage.Name)] IPersistentState<PretrainingGrainState> state,
    IOptions<SchedulerOptions> options,
    TimeProvider clock,
    ILogger<PretrainingGrain> logger) : Grain, IPretrainingGrain
{
    private PretrainingGrainState Stored => state.State;
    private string Key => this.GetPrimaryKeyString();
    private string JobId => GrainKeys.JobId(JobKind.Pretraining, Key);
    private ISchedulerGrain Scheduler => GrainFactory.GetGrain<ISchedulerGrain>(GrainKeys.Singleton);
    private LeaseStateMachine Machine => new(Stored.Definition!.Retries, options.Value.MaxInterruptions);
    private LeaseWatchdog? _watchdog;

    /// <summary>
    /// Follows the lease while the job shows running. State stored before requests were typed holds them as JSON: read
    /// once here, stored typed with the next write.
    /// </summary>
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        Stored.Definition = Stored.Definition?.WithTypedRequest();
        _watchdog = new LeaseWatchdog(this, LeaseWatchdog.PeriodFor(options.Value), CheckLeaseAsync);
        _watchdog.Follow(Stored.State == PretrainingState.Running);
        return Task.CompletedTask;
    }

    public async Task<PretrainingStatus> EnsureAsync(PretrainingDefinition definition, string experimentId, string waitingFoldKey, CancellationToken cancellationToken = default)
    {
        if (Stored.State == PretrainingState.Succeeded) return Status();
        Stored.WaitingFolds.Add(waitingFoldKey);
        if (Stored.Definition is null || Stored.State is PretrainingState.Failed or PretrainingState.Cancelled)
        {
            Stored.Definition = definition;
            Stored.ExperimentId = experimentId;
            Stored.Attempts = 0;
            Stored.Interruptions = 0;
            Stored.Error = null;
            await QueueAsync();
            return Status();
        }
        await SaveAsync();
        await UpdateGatedFoldsAsync();
        return Status();
    }

    public Task<PretrainingStatus> GetStatusAsync(CancellationToken cancellationToken = default) => Task.FromResult(Status());

    public async Task WaiterLeftAsync(string foldKey)
    {
        if (!Stored.WaitingFolds.Remove(foldKey)) return;
        if (Stored.WaitingFolds.Count == 0 && Stored.Definition is not null)
        {
            var cancel = LeaseStateMachine.Cancel(Lease());
            if (cancel.Changed)
            {
                Apply(cancel.Next);
                await SaveAsync();
                await Scheduler.RemoveAsync(JobId);
                LogCancelled(Key, Stored.CompletedEpochs);
                return;
            }
        }
        await SaveAsync();
        await UpdateGatedFoldsAsync();
    }

    public async Task<JobWork?> BeginAsync(Guid leaseId, string silo, int device, CancellationToken cancellationToken = default)
    {
        if (Stored.Definition is not { } definition) return null;
        var begin = LeaseStateMachine.Begin(Lease(), leaseId, silo);
        if (begin.Effect == LeaseEffect.Ignored) return null;
        if (begin.Effect == LeaseEffect.Started)
        {
            // Fencing: only the lease the scheduler holds for the job now may start it, never a stale or made-up one.
            if (!await Scheduler.HoldsLeaseAsync(JobId, leaseId)) return null;
            Apply(begin.Next);
            await SaveAsync();
        }
        return new JobWork(JobKind.Pretraining, definition.DatasetLocation, Stored.CheckpointBlob,
            Stored.CompletedEpochs, null, Stored.Attempts + 1) { PretrainRequest = definition.Request };
    }

    public async Task<bool> ReportEpochAsync(Guid leaseId, EpochReport report, CancellationToken cancellationToken = default)
    {
        if (!LeaseStateMachine.Holds(Lease(), leaseId)) return false;
        Stored.CompletedEpochs = report.Epoch;
        Stored.CheckpointBlob = report.CheckpointBlob;
        await SaveAsync();
        return true;
    }

    public async Task CompleteAsync(Guid leaseId, JobOutcome outcome, CancellationToken cancellationToken = default)
    {
        if (!LeaseStateMachine.Holds(Lease(), leaseId)) return;
        if (Stored.CheckpointBlob is null)
        {
            await FailAsync(leaseId, "pretraining finished without writing a checkpoint", cancellationToken);
            return;
        }
        Apply(LeaseStateMachine.Complete(Lease(), leaseId).Next);
        Stored.ArtifactsBlob = outcome.ArtifactsBlob;
        await SaveAsync();
        await Scheduler.ReleaseAsync(JobId, leaseId);
        LogSucceeded(Key, Stored.CompletedEpochs, Stored.WaitingFolds.Count);
        await NotifyWaitersAsync(Stored.CheckpointBlob, null);
    }

    public async Task FailAsync(Guid leaseId, string error, CancellationToken cancellationToken = default)
    {
        if (Stored.Definition is null) return;
        var fail = Machine.Fail(Lease(), leaseId, error);
        if (!fail.Changed) return;
        await EndLeaseAsync(fail, leaseId);
    }

    public Task InterruptedAsync(Guid leaseId, CancellationToken cancellationToken = default) => LeaseLostAsync(leaseId);

    public async Task LeaseLostAsync(Guid leaseId)
    {
        if (Stored.Definition is null) return;
        if (Stored.State == PretrainingState.Queued)
        {
            // A lease that never began (its Begin met a storage fault, or its runner died first): the queue must have the job.
            await Scheduler.ReleaseAsync(JobId, leaseId);
            await Scheduler.EnqueueAsync(Ticket());
            return;
        }
        var lost = Machine.LeaseLost(Lease(), leaseId);
        if (!lost.Changed) return;
        LogInterrupted(Key, Stored.Silo ?? "?", Stored.CompletedEpochs, lost.Next.Interruptions);
        await EndLeaseAsync(lost, leaseId);
    }

    public async Task ResumeAsync(CancellationToken cancellationToken = default)
    {
        if (Stored.Definition is null) return;
        switch (LeaseStateMachine.Resume(Lease()))
        {
            case ResumeAction.Enqueue:
                await Scheduler.EnqueueAsync(Ticket());
                break;
            case ResumeAction.AdoptLease:
                await Scheduler.AdoptLeaseAsync(Ticket(), Stored.LeaseId!.Value, Stored.Silo ?? "");
                break;
        }
    }

    /// <summary>Stores a failed or interrupted run's outcome and frees its slot; queues it again, or tells the waiting folds it failed.</summary>
    private async Task EndLeaseAsync(LeaseTransition transition, Guid leaseId)
    {
        Apply(transition.Next);
        await SaveAsync();
        await Scheduler.ReleaseAsync(JobId, leaseId);
        if (transition.Effect == LeaseEffect.Requeued)
        {
            await Scheduler.EnqueueAsync(Ticket());
            return;
        }
        LogFailed(Key, Stored.Error ?? "");
        await NotifyWaitersAsync(null, Stored.Error);
    }

    /// <summary>A queued run's place in the queue follows the number of folds waiting for it.</summary>
    private async Task UpdateGatedFoldsAsync()
    {
        if (Stored.State == PretrainingState.Queued)
            await Scheduler.SetGatedFoldsAsync(JobId, Stored.WaitingFolds.Count);
    }

    private async Task QueueAsync()
    {
        Stored.State = PretrainingState.Queued;
        await SaveAsync();
        await Scheduler.EnqueueAsync(Ticket());
    }

    /// <summary>Tells every waiting fold the outcome; they wait no more (a retried fold registers again).</summary>
    private async Task NotifyWaitersAsync(string? checkpointBlob, string? error)
    {
        var waiting = Stored.WaitingFolds.ToArray();
        Stored.WaitingFolds.Clear();
        await SaveAsync();
        foreach (var fold in waiting)
            GrainFactory.GetGrain<IFoldGrain>(fold).PretrainingFinishedAsync(checkpointBlob, error).Ignore();
    }

    private LeaseRecord Lease() => new(Stored.State switch
    {
        PretrainingState.NotStarted => JobPhase.NotStarted,
        PretrainingState.Queued => JobPhase.Queued,
        PretrainingState.Running => JobPhase.Running,
        PretrainingState.Succeeded => JobPhase.Succeeded,
        PretrainingState.Failed => JobPhase.Failed,
        _ => JobPhase.Cancelled,
    }, Stored.LeaseId, Stored.Silo, Stored.Attempts, Stored.Interruptions, Stored.Error);

    private void Apply(LeaseRecord lease)
    {
        Stored.State = lease.Phase switch
        {
            JobPhase.NotStarted => PretrainingState.NotStarted,
            JobPhase.Queued => PretrainingState.Queued,
            JobPhase.Running => PretrainingState.Running,
            JobPhase.Succeeded => PretrainingState.Succeeded,
            JobPhase.Failed => PretrainingState.Failed,
            _ => PretrainingState.Cancelled,
        };
        (Stored.LeaseId, Stored.Silo, Stored.Attempts, Stored.Interruptions, Stored.Error) = (lease.LeaseId, lease.Silo, lease.Attempts, lease.Interruptions, lease.Error);
    }

    private JobTicket Ticket() => new(JobId, Stored.ExperimentId, Key, Stored.Definition!.Devices, Stored.Definition.Accelerator, clock.GetUtcNow(), Stored.WaitingFolds.Count);

    private PretrainingStatus Status() => new(Key, Stored.State, Stored.CompletedEpochs, Stored.CheckpointBlob, Stored.Error) { ArtifactsBlob = Stored.ArtifactsBlob };

    /// <summary>The lease watchdog's check: a run shown running under a lease the scheduler no longer holds is re-queued.</summary>
    private async Task CheckLeaseAsync(CancellationToken cancellationToken)
    {
        if (Stored.State != PretrainingState.Running || Stored.LeaseId is not { } lease) return;
        if (!await Scheduler.ConfirmLeaseAsync(Ticket(), lease, Stored.Silo ?? ""))
            await LeaseLostAsync(lease);
    }

    /// <summary>Writes the state (memory follows storage when the write fails); the lease watchdog follows the outcome.</summary>
    private async Task SaveAsync()
    {
        try
        {
            await state.WriteOrReloadAsync(this);
        }
        finally
        {
            _watchdog?.Follow(Stored.State == PretrainingState.Running);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Pretraining {Key} succeeded after {Epochs} epochs; {Waiting} folds start from it")]
    private partial void LogSucceeded(string key, int epochs, int waiting);

    [LoggerMessage(Level = LogLevel.Information, Message = "Pretraining {Key} stopped after {Epochs} epochs: no fold waits for it any more")]
    private partial void LogCancelled(string key, int epochs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Pretraining {Key} failed: {Error}")]
    private partial void LogFailed(string key, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Pretraining {Key} lost its runner on {Silo} after {Epochs} epochs (interruption {Interruptions})")]
    private partial void LogInterrupted(string key, string silo, int epochs, int interruptions);
}
