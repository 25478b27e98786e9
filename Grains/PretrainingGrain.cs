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
    private PretrainingGrainState S => state.State;
    private string Key => this.GetPrimaryKeyString();
    private string JobId => GrainKeys.JobId(JobKind.Pretraining, Key);
    private ISchedulerGrain Scheduler => GrainFactory.GetGrain<ISchedulerGrain>(GrainKeys.Singleton);
    private LeaseStateMachine Machine => new(S.Definition!.Retries, options.Value.MaxInterruptions);

    public async Task<PretrainingStatus> EnsureAsync(PretrainingDefinition definition, string experimentId, string waitingFoldKey, CancellationToken cancellationToken = default)
    {
        if (S.State == PretrainingState.Succeeded) return Status();
        S.WaitingFolds.Add(waitingFoldKey);
        if (S.Definition is null || S.State is PretrainingState.Failed or PretrainingState.Cancelled)
        {
            S.Definition = definition;
            S.ExperimentId = experimentId;
            S.Attempts = 0;
            S.Interruptions = 0;
            S.Error = null;
            await QueueAsync();
            return Status();
        }
        await state.WriteOrReloadAsync(this);
        await UpdateGatedFoldsAsync();
        return Status();
    }

    public Task<PretrainingStatus> GetStatusAsync(CancellationToken cancellationToken = default) => Task.FromResult(Status());

    public async Task WaiterLeftAsync(string foldKey)
    {
        if (!S.WaitingFolds.Remove(foldKey)) return;
        if (S.WaitingFolds.Count == 0 && S.Definition is not null)
        {
            var cancel = LeaseStateMachine.Cancel(Lease());
            if (cancel.Changed)
            {
                Apply(cancel.Next);
                await state.WriteOrReloadAsync(this);
                await Scheduler.RemoveAsync(JobId);
                LogCancelled(Key, S.CompletedEpochs);
                return;
            }
        }
        await state.WriteOrReloadAsync(this);
        await UpdateGatedFoldsAsync();
    }

    public async Task<JobWork?> BeginAsync(Guid leaseId, string silo, int device, CancellationToken cancellationToken = default)
    {
        if (S.Definition is not { } definition) return null;
        var begin = LeaseStateMachine.Begin(Lease(), leaseId, silo);
        if (begin.Effect == LeaseEffect.Ignored) return null;
        if (begin.Effect == LeaseEffect.Started)
        {
            Apply(begin.Next);
            await state.WriteOrReloadAsync(this);
        }
        return new JobWork(JobKind.Pretraining, definition.RequestJson, definition.DatasetLocation, S.CheckpointBlob,
            S.CompletedEpochs, null, S.Attempts + 1);
    }

    public async Task<bool> ReportEpochAsync(Guid leaseId, EpochReport report, CancellationToken cancellationToken = default)
    {
        if (!LeaseStateMachine.Holds(Lease(), leaseId)) return false;
        S.CompletedEpochs = report.Epoch;
        S.CheckpointBlob = report.CheckpointBlob;
        await state.WriteOrReloadAsync(this);
        return true;
    }

    public async Task CompleteAsync(Guid leaseId, JobOutcome outcome, CancellationToken cancellationToken = default)
    {
        if (!LeaseStateMachine.Holds(Lease(), leaseId)) return;
        if (S.CheckpointBlob is null)
        {
            await FailAsync(leaseId, "pretraining finished without writing a checkpoint", cancellationToken);
            return;
        }
        Apply(LeaseStateMachine.Complete(Lease(), leaseId).Next);
        await state.WriteOrReloadAsync(this);
        await Scheduler.ReleaseAsync(JobId, leaseId);
        LogSucceeded(Key, S.CompletedEpochs, S.WaitingFolds.Count);
        await NotifyWaitersAsync(S.CheckpointBlob, null);
    }

    public async Task FailAsync(Guid leaseId, string error, CancellationToken cancellationToken = default)
    {
        if (S.Definition is null) return;
        var fail = Machine.Fail(Lease(), leaseId, error);
        if (!fail.Changed) return;
        await EndLeaseAsync(fail, leaseId);
    }

    public async Task LeaseLostAsync(Guid leaseId)
    {
        if (S.Definition is null) return;
        var lost = Machine.LeaseLost(Lease(), leaseId);
        if (!lost.Changed) return;
        LogInterrupted(Key, S.Silo ?? "?", S.CompletedEpochs, lost.Next.Interruptions);
        await EndLeaseAsync(lost, leaseId);
    }

    public async Task ResumeAsync(CancellationToken cancellationToken = default)
    {
        if (S.Definition is null) return;
        switch (LeaseStateMachine.Resume(Lease()))
        {
            case ResumeAction.Enqueue:
                await Scheduler.EnqueueAsync(Ticket());
                break;
            case ResumeAction.AdoptLease:
                await Scheduler.AdoptLeaseAsync(Ticket(), S.LeaseId!.Value, S.Silo ?? "");
                break;
        }
    }

    /// <summary>Stores a failed or interrupted run's outcome and frees its slot; queues it again, or tells the waiting folds it failed.</summary>
    private async Task EndLeaseAsync(LeaseTransition transition, Guid leaseId)
    {
        Apply(transition.Next);
        await state.WriteOrReloadAsync(this);
        await Scheduler.ReleaseAsync(JobId, leaseId);
        if (transition.Effect == LeaseEffect.Requeued)
        {
            await Scheduler.EnqueueAsync(Ticket());
            return;
        }
        LogFailed(Key, S.Error ?? "");
        await NotifyWaitersAsync(null, S.Error);
    }

    /// <summary>A queued run's place in the queue follows the number of folds waiting for it.</summary>
    private async Task UpdateGatedFoldsAsync()
    {
        if (S.State == PretrainingState.Queued)
            await Scheduler.SetGatedFoldsAsync(JobId, S.WaitingFolds.Count);
    }

    private async Task QueueAsync()
    {
        S.State = PretrainingState.Queued;
        await state.WriteOrReloadAsync(this);
        await Scheduler.EnqueueAsync(Ticket());
    }

    /// <summary>Tells every waiting fold the outcome; they wait no more (a retried fold registers again).</summary>
    private async Task NotifyWaitersAsync(string? checkpointBlob, string? error)
    {
        var waiting = S.WaitingFolds.ToArray();
        S.WaitingFolds.Clear();
        await state.WriteOrReloadAsync(this);
        foreach (var fold in waiting)
            GrainFactory.GetGrain<IFoldGrain>(fold).PretrainingFinishedAsync(checkpointBlob, error).Ignore();
    }

    private LeaseRecord Lease() => new(S.State switch
    {
        PretrainingState.NotStarted => JobPhase.NotStarted,
        PretrainingState.Queued => JobPhase.Queued,
        PretrainingState.Running => JobPhase.Running,
        PretrainingState.Succeeded => JobPhase.Succeeded,
        PretrainingState.Failed => JobPhase.Failed,
        _ => JobPhase.Cancelled,
    }, S.LeaseId, S.Silo, S.Attempts, S.Interruptions, S.Error);

    private void Apply(LeaseRecord lease)
    {
        S.State = lease.Phase switch
        {
            JobPhase.NotStarted => PretrainingState.NotStarted,
            JobPhase.Queued => PretrainingState.Queued,
            JobPhase.Running => PretrainingState.Running,
            JobPhase.Succeeded => PretrainingState.Succeeded,
            JobPhase.Failed => PretrainingState.Failed,
            _ => PretrainingState.Cancelled,
        };
        (S.LeaseId, S.Silo, S.Attempts, S.Interruptions, S.Error) = (lease.LeaseId, lease.Silo, lease.Attempts, lease.Interruptions, lease.Error);
    }

    private JobTicket Ticket() => new(JobId, S.ExperimentId, Key, S.Definition!.Devices, S.Definition.Accelerator, clock.GetUtcNow(), S.WaitingFolds.Count);

    private PretrainingStatus Status() => new(Key, S.State, S.CompletedEpochs, S.CheckpointBlob, S.Error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Pretraining {Key} succeeded after {Epochs} epochs; {Waiting} folds start from it")]
    private partial void LogSucceeded(string key, int epochs, int waiting);

    [LoggerMessage(Level = LogLevel.Information, Message = "Pretraining {Key} stopped after {Epochs} epochs: no fold waits for it any more")]
    private partial void LogCancelled(string key, int epochs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Pretraining {Key} failed: {Error}")]
    private partial void LogFailed(string key, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Pretraining {Key} lost its runner on {Silo} after {Epochs} epochs (interruption {Interruptions})")]
    private partial void LogInterrupted(string key, string silo, int epochs, int interruptions);
}
