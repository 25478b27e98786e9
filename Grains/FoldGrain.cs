using Orleans.Runtime;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Grid.Grains;

/// <summary>
/// One fold job: queued, waiting for its pretraining, running under a lease, or finished. Owns the
/// job's truth; the scheduler and the trial are told about changes. Its lease life is <see cref="LeaseStateMachine"/>.
/// A fold queued at launch is not written (its trial's stored definition is the record, and the trial shows it queued):
/// its first write is its first change. Addressed with no state in memory or storage, it asks its trial for its
/// definition (<see cref="DefinedAsync"/>).
/// </summary>
public sealed partial class FoldGrain(
    [PersistentState("fold", GridStorage.Name)] IPersistentState<FoldGrainState> state,
    IOptions<SchedulerOptions> options,
    TimeProvider clock,
    ILogger<FoldGrain> logger) : Grain, IFoldGrain
{
    private FoldGrainState Stored => state.State;
    private string Key => this.GetPrimaryKeyString();
    private string JobId => GrainKeys.JobId(JobKind.Fold, Key);
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
        _watchdog.Follow(Stored.State == FoldState.Running);
        return Task.CompletedTask;
    }

    public async Task StartAsync(FoldDefinition definition, CancellationToken cancellationToken = default)
    {
        if (Stored.Definition is not null) return;
        Stored.Definition = definition;
        await QueueOrWaitAsync(store: state.RecordExists);
    }

    public async Task<FoldStatus> StartOrResumeAsync(FoldDefinition definition, CancellationToken cancellationToken = default)
    {
        if (Stored.Definition is null)
            await StartAsync(definition, cancellationToken);
        else
            await ResumeAsync(cancellationToken);
        return Status();
    }

    public Task<FoldStatus> GetStatusAsync(CancellationToken cancellationToken = default) => Task.FromResult(Status());

    public Task<FoldStatus> PeekStatusAsync() => Task.FromResult(Status());

    public async Task<JobWork?> BeginAsync(Guid leaseId, string silo, int device, CancellationToken cancellationToken = default)
    {
        if (!await DefinedAsync() || Stored.Definition is not { } definition) return StateLost<JobWork>();
        var begin = LeaseStateMachine.Begin(Lease(), leaseId, silo);
        if (begin.Effect == LeaseEffect.Ignored) return null;
        if (begin.Effect == LeaseEffect.Started)
        {
            // Fencing: only the lease the scheduler holds for the job now may start it, never a stale or made-up one.
            if (!await Scheduler.HoldsLeaseAsync(JobId, leaseId)) return null;
            Apply(begin.Next);
            Stored.Device = device;
            Stored.ResumedFromEpoch = Stored.EpochAccuracies.Count;
            await SaveAndNotifyAsync();
            LogStarted(Key, silo, device, Stored.ResumedFromEpoch);
        }
        return new JobWork(JobKind.Fold, definition.DatasetLocation, Stored.CheckpointBlob,
            Stored.EpochAccuracies.Count, Stored.PretrainingCheckpointBlob, Stored.Attempts + 1)
        {
            FoldRequest = definition.Request,
            BestCheckpointBlob = Stored.BestCheckpointBlob,
            BestAccuracy = Stored.BestAccuracy,
        };
    }

    public async Task<bool> ReportEpochAsync(Guid leaseId, EpochReport report, CancellationToken cancellationToken = default)
    {
        if (!await DefinedAsync()) return StateLost<bool>();
        if (!TakeEpoch(leaseId, report)) return false;
        await SaveAndNotifyAsync();
        return true;
    }

    public async Task<bool> CompleteLastEpochAsync(Guid leaseId, EpochReport lastEpoch, JobOutcome outcome, CancellationToken cancellationToken = default)
    {
        if (!await DefinedAsync()) return StateLost<bool>();
        if (!TakeEpoch(leaseId, lastEpoch)) return false;
        await CompleteAsync(leaseId, outcome, cancellationToken);
        return true;
    }

    /// <summary>Takes an epoch report of the lease the fold runs under into memory; false when it is refused.</summary>
    private bool TakeEpoch(Guid leaseId, EpochReport report)
    {
        if (!LeaseStateMachine.Holds(Lease(), leaseId)) return false;
        if (report.Epoch < 1)
            throw new ArgumentException($"fold {Key}: epoch {report.Epoch} reported", nameof(report));
        if (report.Epoch > Stored.EpochAccuracies.Count + 1)
        {
            // Storage lost the fold's latest writes (a storage process that crashed): the runner is ahead of what is
            // stored, so it is taken back and the job resumes from the checkpoint the fold knows.
            LogBehind(Key, report.Epoch, Stored.EpochAccuracies.Count);
            return false;
        }
        var earlier = Stored.EpochAccuracies.Take(report.Epoch - 1).ToList();
        if (earlier.Count == 0 || report.Accuracy > earlier.Max() || Stored.BestCheckpointBlob is null)
            (Stored.BestCheckpointBlob, Stored.BestAccuracy, Stored.BestCorrectClips) = (report.CheckpointBlob, report.Accuracy, report.CorrectClips);
        Stored.EpochMetricsBlobs = report.MetricsBlob is { } metrics ? [.. Stored.EpochMetricsBlobs.Take(report.Epoch - 1), metrics] : [];
        Stored.EpochAccuracies = [.. earlier, report.Accuracy];
        Stored.TestAccuracies = report.TestAccuracy is { } test ? [.. Stored.TestAccuracies.Take(report.Epoch - 1), test] : [];
        Stored.CheckpointBlob = report.CheckpointBlob;
        Stored.EpochSeconds = report.Seconds;
        Stored.DataWaitSeconds = report.DataWaitSeconds;
        Stored.TrainLoss = report.TrainLoss;
        Stored.ValidationLoss = report.ValidationLoss;
        return true;
    }

    public async Task CompleteAsync(Guid leaseId, JobOutcome outcome, CancellationToken cancellationToken = default)
    {
        var complete = LeaseStateMachine.Complete(Lease(), leaseId);
        if (!complete.Changed) return;
        Apply(complete.Next);
        Stored.ArtifactsBlob = outcome.ArtifactsBlob;
        await SaveAndNotifyAsync();
        await Scheduler.ReleaseAsync(JobId, leaseId);
        LogSucceeded(Key, outcome.BestAccuracy, outcome.BestEpoch);
    }

    public async Task FailAsync(Guid leaseId, string error, CancellationToken cancellationToken = default)
    {
        if (!await DefinedAsync()) return;
        var fail = Machine.Fail(Lease(), leaseId, error);
        if (!fail.Changed) return;
        LogFailed(Key, fail.Next.Attempts, fail.Effect == LeaseEffect.Requeued, error);
        await EndLeaseAsync(fail, leaseId);
    }

    public Task InterruptedAsync(Guid leaseId, CancellationToken cancellationToken = default) => LeaseLostAsync(leaseId);

    public async Task LeaseLostAsync(Guid leaseId)
    {
        if (!await DefinedAsync())
        {
            StateLost<bool>();
            return;
        }
        if (Stored.State == FoldState.Queued)
        {
            // A lease that never began (its Begin met a storage fault, or its runner died first): the queue must have the job.
            await Scheduler.ReleaseAsync(JobId, leaseId);
            await Scheduler.EnqueueAsync(Ticket());
            return;
        }
        var lost = Machine.LeaseLost(Lease(), leaseId);
        if (!lost.Changed) return;
        LogInterrupted(Key, Stored.Silo ?? "?", Stored.EpochAccuracies.Count, lost.Next.Interruptions, lost.Effect == LeaseEffect.Failed);
        await EndLeaseAsync(lost, leaseId);
    }

    public async Task ResumeAsync(CancellationToken cancellationToken = default)
    {
        if (!await DefinedAsync()) return;
        switch (LeaseStateMachine.Resume(Lease()))
        {
            case ResumeAction.Enqueue:
                await Scheduler.EnqueueAsync(Ticket());
                break;
            case ResumeAction.WaitForGate:
                await QueueOrWaitAsync();
                break;
            case ResumeAction.AdoptLease:
                await Scheduler.AdoptLeaseAsync(Ticket(), Stored.LeaseId!.Value, Stored.Silo ?? "");
                break;
        }
    }

    public Task CancelAsync(CancellationToken cancellationToken = default) => CancelOrStopAsync(stopReason: null);

    public Task StopAsync(string reason, CancellationToken cancellationToken = default) => CancelOrStopAsync(reason);

    public async Task<bool> RetryStoppedAsync(CancellationToken cancellationToken = default)
    {
        if (Stored.StopReason is null) return false;
        var retry = LeaseStateMachine.Retry(Lease());
        if (!retry.Changed) return false;
        Apply(retry.Next);
        Stored.StopReason = null;
        await QueueOrWaitAsync();
        return true;
    }

    /// <summary>Cancels an unfinished fold; with a stopping rule's reason it is stopped (and a plain retry leaves it so).</summary>
    private async Task CancelOrStopAsync(string? stopReason)
    {
        if (!await DefinedAsync()) return;
        var cancel = LeaseStateMachine.Cancel(Lease());
        if (!cancel.Changed) return;
        Stored.StopReason = stopReason;
        if (Stored.State == FoldState.WaitingForPretraining && Stored.Definition!.Pretraining is { } pretraining)
            await GrainFactory.GetGrain<IPretrainingGrain>(pretraining.Key).WaiterLeftAsync(Key);
        Apply(cancel.Next);
        await SaveAndNotifyAsync();
        await Scheduler.RemoveAsync(JobId);
    }

    public async Task<bool> RetryAsync(CancellationToken cancellationToken = default)
    {
        if (Stored.StopReason is not null) return false; // stopped by a rule: only RetryStoppedAsync runs it again
        var retry = LeaseStateMachine.Retry(Lease());
        if (!retry.Changed) return false;
        Apply(retry.Next);
        await QueueOrWaitAsync();
        return true;
    }

    public async Task PretrainingFinishedAsync(string? checkpointBlob, string? error)
    {
        if (Stored.State != FoldState.WaitingForPretraining) return;
        if (checkpointBlob is null)
        {
            Stored.State = FoldState.Failed;
            Stored.Error = $"pretraining failed: {error}";
            await SaveAndNotifyAsync();
            return;
        }
        Stored.PretrainingCheckpointBlob = checkpointBlob;
        await QueueAsync();
    }

    /// <summary>Stores a failed or interrupted run's outcome, frees its slot and queues the job again when the transition says so.</summary>
    private async Task EndLeaseAsync(LeaseTransition transition, Guid leaseId)
    {
        Apply(transition.Next);
        await SaveAndNotifyAsync();
        await Scheduler.ReleaseAsync(JobId, leaseId);
        if (transition.Effect == LeaseEffect.Requeued)
            await Scheduler.EnqueueAsync(Ticket());
    }

    /// <summary>Queues the job, or waits for its pretraining; <paramref name="store"/> false (a launch) queues it without a write.</summary>
    private async Task QueueOrWaitAsync(bool store = true)
    {
        if (Stored.Definition!.Pretraining is not { } pretraining || Stored.PretrainingCheckpointBlob is not null)
        {
            await QueueAsync(store);
            return;
        }
        Stored.State = FoldState.WaitingForPretraining;
        await SaveAndNotifyAsync();
        var status = await GrainFactory.GetGrain<IPretrainingGrain>(pretraining.Key)
            .EnsureAsync(pretraining, GrainKeys.ExperimentOf(Key), Key);
        if (status.State == PretrainingState.Succeeded)
            await PretrainingFinishedAsync(status.CheckpointBlob, null);
    }

    private async Task QueueAsync(bool store = true)
    {
        Stored.State = FoldState.Queued;
        if (store) await SaveAndNotifyAsync();
        await Scheduler.EnqueueAsync(Ticket());
    }

    /// <summary>
    /// True when the fold knows its definition: from memory or storage, else from its trial (a fold queued at launch is
    /// not written, and may have been deactivated before it ran). Its trial answers even while it awaits this fold.
    /// </summary>
    private async Task<bool> DefinedAsync()
    {
        if (Stored.Definition is not null) return true;
        Stored.Definition = await GrainFactory.GetGrain<ITrialGrain>(GrainKeys.TrialOf(Key)).GetFoldDefinitionAsync(GrainKeys.FoldNumberOf(Key));
        return Stored.Definition is not null;
    }

    private LeaseRecord Lease() => new(Stored.State switch
    {
        FoldState.Queued => JobPhase.Queued,
        FoldState.WaitingForPretraining => JobPhase.Waiting,
        FoldState.Running => JobPhase.Running,
        FoldState.Succeeded => JobPhase.Succeeded,
        FoldState.Failed => JobPhase.Failed,
        _ => JobPhase.Cancelled,
    }, Stored.LeaseId, Stored.Silo, Stored.Attempts, Stored.Interruptions, Stored.Error);

    private void Apply(LeaseRecord lease)
    {
        Stored.State = lease.Phase switch
        {
            JobPhase.Queued => FoldState.Queued,
            JobPhase.Waiting => FoldState.WaitingForPretraining,
            JobPhase.Running => FoldState.Running,
            JobPhase.Succeeded => FoldState.Succeeded,
            JobPhase.Failed => FoldState.Failed,
            _ => FoldState.Cancelled,
        };
        (Stored.LeaseId, Stored.Silo, Stored.Attempts, Stored.Interruptions, Stored.Error) = (lease.LeaseId, lease.Silo, lease.Attempts, lease.Interruptions, lease.Error);
    }

    private JobTicket Ticket() => new(JobId, GrainKeys.ExperimentOf(Key), GrainKeys.TrialOf(Key),
        Stored.Definition!.Devices, Stored.Definition.Accelerator, clock.GetUtcNow())
    {
        InterleavedPosition = Stored.Definition.InterleavedPosition,
    };

    /// <summary>
    /// A runner or the scheduler speaks of a job that neither this fold nor its trial has a definition for: storage lost
    /// them. The trial, should it hold the definition again, starts the fold again.
    /// </summary>
    private T? StateLost<T>()
    {
        LogStateLost(Key);
        GrainFactory.GetGrain<ITrialGrain>(GrainKeys.TrialOf(Key)).FoldLostAsync(GrainKeys.FoldNumberOf(Key)).Ignore();
        return default;
    }

    /// <summary>The lease watchdog's check: a fold shown running under a lease the scheduler no longer holds is re-queued.</summary>
    private async Task CheckLeaseAsync(CancellationToken cancellationToken)
    {
        if (Stored.State != FoldState.Running || Stored.LeaseId is not { } lease) return;
        if (!await Scheduler.ConfirmLeaseAsync(Ticket(), lease, Stored.Silo ?? ""))
            await LeaseLostAsync(lease);
    }

    private async Task SaveAndNotifyAsync()
    {
        // Storage that lost writes can roll the version back: the clock keeps it above what the trial has already seen.
        Stored.Version = Math.Max(Stored.Version + 1, clock.GetUtcNow().ToUnixTimeMilliseconds());
        try
        {
            await state.WriteOrReloadAsync(this);
        }
        finally
        {
            // After a failed write the reloaded state decides.
            _watchdog?.Follow(Stored.State == FoldState.Running);
        }
        GrainFactory.GetGrain<ITrialGrain>(GrainKeys.TrialOf(Key)).FoldChangedAsync(Status()).Ignore();
    }

    private FoldStatus Status() => new(
        Key, GrainKeys.FoldNumberOf(Key), Stored.State, Stored.Attempts, Stored.Interruptions, Stored.Silo, Stored.Device,
        Stored.EpochAccuracies.ToArray(), Stored.Definition?.Epochs ?? 0, Stored.CheckpointBlob, Stored.ArtifactsBlob, Stored.Error,
        Stored.ResumedFromEpoch, Stored.EpochSeconds, Stored.Version, Stored.TrainLoss, Stored.ValidationLoss)
    {
        TestAccuracies = Stored.TestAccuracies.ToArray(),
        DataWaitSeconds = Stored.DataWaitSeconds,
        StopReason = Stored.StopReason,
        BestCorrectClips = Stored.BestCorrectClips,
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Fold {Key} started on {Silo} device {Device} after {Epochs} completed epochs")]
    private partial void LogStarted(string key, string silo, int device, int epochs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Fold {Key}: epoch {Epoch} reported, but its stored state has only {Epochs} epochs; the run is taken back")]
    private partial void LogBehind(string key, int epoch, int epochs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Fold {Key} has no stored state (storage lost it); its trial starts it again")]
    private partial void LogStateLost(string key);

    [LoggerMessage(Level = LogLevel.Information, Message = "Fold {Key} succeeded: best accuracy {Accuracy:F4} at epoch {Epoch}")]
    private partial void LogSucceeded(string key, double accuracy, int epoch);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Fold {Key} failed (attempt {Attempt}, retry {Retry}): {Error}")]
    private partial void LogFailed(string key, int attempt, bool retry, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Fold {Key} lost its runner on {Silo} after {Epochs} epochs (interruption {Interruptions}; failed: {Failed})")]
    private partial void LogInterrupted(string key, string silo, int epochs, int interruptions, bool failed);
}
