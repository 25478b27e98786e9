using Orleans.Runtime;
using Microsoft.Extensions.Logging;

namespace Grid.Grains;

/// <summary>
/// One contrastive pretraining run, shared by every trial whose content hash matches: it runs once,
/// and the folds waiting for it start from its final checkpoint. It stops when every waiting fold is cancelled.
/// </summary>
public sealed partial class PretrainingGrain(
    [PersistentState("pretraining", GridStorage.Name)] IPersistentState<PretrainingGrainState> state,
    TimeProvider clock,
    ILogger<PretrainingGrain> logger) : Grain, IPretrainingGrain
{
    private PretrainingGrainState S => state.State;
    private string Key => this.GetPrimaryKeyString();
    private string JobId => GrainKeys.JobId(JobKind.Pretraining, Key);
    private ISchedulerGrain Scheduler => GrainFactory.GetGrain<ISchedulerGrain>(GrainKeys.Singleton);

    public async Task<PretrainingStatus> EnsureAsync(PretrainingDefinition definition, string experimentId, string waitingFoldKey, CancellationToken cancellationToken = default)
    {
        if (S.State == PretrainingState.Succeeded) return Status();
        S.WaitingFolds.Add(waitingFoldKey);
        if (S.Definition is null || S.State is PretrainingState.Failed or PretrainingState.Cancelled)
        {
            S.Definition = definition;
            S.ExperimentId = experimentId;
            S.Attempts = 0;
            S.Error = null;
            await QueueAsync();
            return Status();
        }
        await state.WriteStateAsync();
        return Status();
    }

    public Task<PretrainingStatus> GetStatusAsync(CancellationToken cancellationToken = default) => Task.FromResult(Status());

    public async Task WaiterLeftAsync(string foldKey)
    {
        if (!S.WaitingFolds.Remove(foldKey)) return;
        if (S.WaitingFolds.Count == 0 && S.State is PretrainingState.Queued or PretrainingState.Running)
        {
            S.State = PretrainingState.Cancelled;
            S.LeaseId = null;
            await state.WriteStateAsync();
            await Scheduler.RemoveAsync(JobId);
            LogCancelled(Key, S.CompletedEpochs);
            return;
        }
        await state.WriteStateAsync();
    }

    public async Task<JobWork?> BeginAsync(Guid leaseId, string silo, int device, CancellationToken cancellationToken = default)
    {
        if (S.Definition is not { } definition) return null;
        if (S.State == PretrainingState.Running && S.LeaseId != leaseId) return null;
        if (S.State is not (PretrainingState.Queued or PretrainingState.Running)) return null;
        if (S.State == PretrainingState.Queued)
        {
            S.State = PretrainingState.Running;
            S.LeaseId = leaseId;
            S.Silo = silo;
            await state.WriteStateAsync();
        }
        return new JobWork(JobKind.Pretraining, definition.RequestJson, definition.DatasetLocation, S.CheckpointBlob,
            S.CompletedEpochs, null, S.Attempts + 1);
    }

    public async Task<bool> ReportEpochAsync(Guid leaseId, EpochReport report, CancellationToken cancellationToken = default)
    {
        if (!Holds(leaseId)) return false;
        S.CompletedEpochs = report.Epoch;
        S.CheckpointBlob = report.CheckpointBlob;
        await state.WriteStateAsync();
        return true;
    }

    public async Task CompleteAsync(Guid leaseId, JobOutcome outcome, CancellationToken cancellationToken = default)
    {
        if (!Holds(leaseId)) return;
        if (S.CheckpointBlob is null)
        {
            await FailAsync(leaseId, "pretraining finished without writing a checkpoint", cancellationToken);
            return;
        }
        S.State = PretrainingState.Succeeded;
        S.LeaseId = null;
        await state.WriteStateAsync();
        await Scheduler.ReleaseAsync(JobId, leaseId);
        LogSucceeded(Key, S.CompletedEpochs, S.WaitingFolds.Count);
        await NotifyWaitersAsync(S.CheckpointBlob, null);
    }

    public async Task FailAsync(Guid leaseId, string error, CancellationToken cancellationToken = default)
    {
        if (!Holds(leaseId)) return;
        S.Attempts++;
        S.LeaseId = null;
        S.Error = error;
        await Scheduler.ReleaseAsync(JobId, leaseId);
        if (S.Attempts <= S.Definition!.Retries)
        {
            await QueueAsync();
            return;
        }
        S.State = PretrainingState.Failed;
        LogFailed(Key, error);
        await NotifyWaitersAsync(null, error);
    }

    public async Task LeaseLostAsync(Guid leaseId)
    {
        if (!Holds(leaseId)) return;
        S.LeaseId = null;
        await QueueAsync();
    }

    public async Task ResumeAsync(CancellationToken cancellationToken = default)
    {
        switch (S.State)
        {
            case PretrainingState.Queued when S.Definition is not null:
                await Scheduler.EnqueueAsync(Ticket());
                break;
            case PretrainingState.Running when S.LeaseId is { } lease:
                await Scheduler.AdoptLeaseAsync(Ticket(), lease, S.Silo ?? "");
                break;
        }
    }

    private async Task QueueAsync()
    {
        S.State = PretrainingState.Queued;
        await state.WriteStateAsync();
        await Scheduler.EnqueueAsync(Ticket());
    }

    /// <summary>Tells every waiting fold the outcome; they wait no more (a retried fold registers again).</summary>
    private async Task NotifyWaitersAsync(string? checkpointBlob, string? error)
    {
        foreach (var fold in S.WaitingFolds)
            GrainFactory.GetGrain<IFoldGrain>(fold).PretrainingFinishedAsync(checkpointBlob, error).Ignore();
        S.WaitingFolds.Clear();
        await state.WriteStateAsync();
    }

    private bool Holds(Guid leaseId) => S.State == PretrainingState.Running && S.LeaseId == leaseId;

    private JobTicket Ticket() => new(JobId, S.ExperimentId, Key, S.Definition!.Devices, S.Definition.Accelerator, clock.GetUtcNow());

    private PretrainingStatus Status() => new(Key, S.State, S.CompletedEpochs, S.CheckpointBlob, S.Error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Pretraining {Key} succeeded after {Epochs} epochs; {Waiting} folds start from it")]
    private partial void LogSucceeded(string key, int epochs, int waiting);

    [LoggerMessage(Level = LogLevel.Information, Message = "Pretraining {Key} stopped after {Epochs} epochs: no fold waits for it any more")]
    private partial void LogCancelled(string key, int epochs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Pretraining {Key} failed: {Error}")]
    private partial void LogFailed(string key, string error);
}
