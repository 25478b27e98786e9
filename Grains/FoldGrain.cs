using Orleans.Runtime;
using Microsoft.Extensions.Logging;

namespace Grid.Grains;

/// <summary>
/// One fold job: queued, waiting for its pretraining, running under a lease, or finished. Owns the
/// job's truth; the scheduler and the trial are told about changes.
/// </summary>
public sealed partial class FoldGrain(
    [PersistentState("fold", GridStorage.Name)] IPersistentState<FoldGrainState> state,
    TimeProvider clock,
    ILogger<FoldGrain> logger) : Grain, IFoldGrain
{
    private FoldGrainState S => state.State;
    private string Key => this.GetPrimaryKeyString();
    private string JobId => GrainKeys.JobId(JobKind.Fold, Key);
    private ISchedulerGrain Scheduler => GrainFactory.GetGrain<ISchedulerGrain>(GrainKeys.Singleton);

    public async Task StartAsync(FoldDefinition definition, CancellationToken cancellationToken = default)
    {
        if (S.Definition is not null) return;
        S.Definition = definition;
        await QueueOrWaitAsync();
    }

    public Task<FoldStatus> GetStatusAsync(CancellationToken cancellationToken = default) => Task.FromResult(Status());

    public async Task<JobWork?> BeginAsync(Guid leaseId, string silo, int device, CancellationToken cancellationToken = default)
    {
        if (S.Definition is not { } definition) return null;
        if (S.State == FoldState.Running && S.LeaseId != leaseId) return null;
        if (S.State is not (FoldState.Queued or FoldState.Running)) return null;
        if (S.State == FoldState.Queued)
        {
            S.State = FoldState.Running;
            S.LeaseId = leaseId;
            S.Silo = silo;
            S.Device = device;
            S.ResumedFromEpoch = S.EpochAccuracies.Count;
            await SaveAndNotifyAsync();
            LogStarted(Key, silo, device, S.ResumedFromEpoch);
        }
        return new JobWork(JobKind.Fold, definition.RequestJson, definition.DatasetLocation, S.CheckpointBlob,
            S.EpochAccuracies.Count, S.PretrainingCheckpointBlob, S.Attempts + 1);
    }

    public async Task<bool> ReportEpochAsync(Guid leaseId, EpochReport report, CancellationToken cancellationToken = default)
    {
        if (!Holds(leaseId)) return false;
        if (report.Epoch < 1 || report.Epoch > S.EpochAccuracies.Count + 1)
            throw new ArgumentException($"fold {Key}: epoch {report.Epoch} reported after {S.EpochAccuracies.Count} completed epochs", nameof(report));
        S.EpochAccuracies = [.. S.EpochAccuracies.Take(report.Epoch - 1), report.Accuracy];
        S.TestAccuracies = report.TestAccuracy is { } test ? [.. S.TestAccuracies.Take(report.Epoch - 1), test] : [];
        S.CheckpointBlob = report.CheckpointBlob;
        S.EpochSeconds = report.Seconds;
        S.DataWaitSeconds = report.DataWaitSeconds;
        S.TrainLoss = report.TrainLoss;
        S.ValidationLoss = report.ValidationLoss;
        await SaveAndNotifyAsync();
        return true;
    }

    public async Task CompleteAsync(Guid leaseId, JobOutcome outcome, CancellationToken cancellationToken = default)
    {
        if (!Holds(leaseId)) return;
        S.State = FoldState.Succeeded;
        S.ArtifactsBlob = outcome.ArtifactsBlob;
        S.LeaseId = null;
        S.Error = null;
        await SaveAndNotifyAsync();
        await Scheduler.ReleaseAsync(JobId, leaseId);
        LogSucceeded(Key, outcome.BestAccuracy, outcome.BestEpoch);
    }

    public async Task FailAsync(Guid leaseId, string error, CancellationToken cancellationToken = default)
    {
        if (!Holds(leaseId)) return;
        S.Attempts++;
        S.LeaseId = null;
        S.Error = error;
        var retry = S.Attempts <= S.Definition!.Retries;
        LogFailed(Key, S.Attempts, retry, error);
        await Scheduler.ReleaseAsync(JobId, leaseId);
        if (retry)
        {
            await QueueAsync();
            return;
        }
        S.State = FoldState.Failed;
        await SaveAndNotifyAsync();
    }

    public async Task LeaseLostAsync(Guid leaseId)
    {
        if (!Holds(leaseId)) return;
        S.Interruptions++;
        S.LeaseId = null;
        LogInterrupted(Key, S.Silo ?? "?", S.EpochAccuracies.Count);
        await QueueAsync();
    }

    public async Task ResumeAsync(CancellationToken cancellationToken = default)
    {
        switch (S.State)
        {
            case FoldState.Queued when S.Definition is not null:
                await Scheduler.EnqueueAsync(Ticket());
                break;
            case FoldState.WaitingForPretraining:
                await QueueOrWaitAsync();
                break;
            case FoldState.Running when S.LeaseId is { } lease:
                await Scheduler.AdoptLeaseAsync(Ticket(), lease, S.Silo ?? "");
                break;
        }
    }

    public async Task CancelAsync(CancellationToken cancellationToken = default)
    {
        if (S.Definition is null || S.State.IsTerminal()) return;
        if (S.State == FoldState.WaitingForPretraining && S.Definition.Pretraining is { } pretraining)
            await GrainFactory.GetGrain<IPretrainingGrain>(pretraining.Key).WaiterLeftAsync(Key);
        S.State = FoldState.Cancelled;
        S.LeaseId = null;
        await SaveAndNotifyAsync();
        await Scheduler.RemoveAsync(JobId);
    }

    public async Task<bool> RetryAsync(CancellationToken cancellationToken = default)
    {
        if (S.State is not (FoldState.Failed or FoldState.Cancelled)) return false;
        S.Attempts = 0;
        S.Error = null;
        await QueueOrWaitAsync();
        return true;
    }

    public async Task PretrainingFinishedAsync(string? checkpointBlob, string? error)
    {
        if (S.State != FoldState.WaitingForPretraining) return;
        if (checkpointBlob is null)
        {
            S.State = FoldState.Failed;
            S.Error = $"pretraining failed: {error}";
            await SaveAndNotifyAsync();
            return;
        }
        S.PretrainingCheckpointBlob = checkpointBlob;
        await QueueAsync();
    }

    private async Task QueueOrWaitAsync()
    {
        if (S.Definition!.Pretraining is not { } pretraining || S.PretrainingCheckpointBlob is not null)
        {
            await QueueAsync();
            return;
        }
        S.State = FoldState.WaitingForPretraining;
        await SaveAndNotifyAsync();
        var status = await GrainFactory.GetGrain<IPretrainingGrain>(pretraining.Key)
            .EnsureAsync(pretraining, GrainKeys.ExperimentOf(Key), Key);
        if (status.State == PretrainingState.Succeeded)
            await PretrainingFinishedAsync(status.CheckpointBlob, null);
    }

    private async Task QueueAsync()
    {
        S.State = FoldState.Queued;
        await SaveAndNotifyAsync();
        await Scheduler.EnqueueAsync(Ticket());
    }

    private bool Holds(Guid leaseId) => S.State == FoldState.Running && S.LeaseId == leaseId;

    private JobTicket Ticket() => new(JobId, GrainKeys.ExperimentOf(Key), GrainKeys.TrialOf(Key),
        S.Definition!.Devices, S.Definition.Accelerator, clock.GetUtcNow());

    private async Task SaveAndNotifyAsync()
    {
        S.Version++;
        await state.WriteStateAsync();
        GrainFactory.GetGrain<ITrialGrain>(GrainKeys.TrialOf(Key)).FoldChangedAsync(Status()).Ignore();
    }

    private FoldStatus Status() => new(
        Key, GrainKeys.FoldNumberOf(Key), S.State, S.Attempts, S.Interruptions, S.Silo, S.Device,
        S.EpochAccuracies.ToArray(), S.Definition?.Epochs ?? 0, S.CheckpointBlob, S.ArtifactsBlob, S.Error,
        S.ResumedFromEpoch, S.EpochSeconds, S.Version, S.TrainLoss, S.ValidationLoss)
    {
        TestAccuracies = S.TestAccuracies.ToArray(),
        DataWaitSeconds = S.DataWaitSeconds,
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Fold {Key} started on {Silo} device {Device} after {Epochs} completed epochs")]
    private partial void LogStarted(string key, string silo, int device, int epochs);

    [LoggerMessage(Level = LogLevel.Information, Message = "Fold {Key} succeeded: best accuracy {Accuracy:F4} at epoch {Epoch}")]
    private partial void LogSucceeded(string key, double accuracy, int epoch);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Fold {Key} failed (attempt {Attempt}, retry {Retry}): {Error}")]
    private partial void LogFailed(string key, int attempt, bool retry, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Fold {Key} lost its runner on {Silo} after {Epochs} epochs: re-queued")]
    private partial void LogInterrupted(string key, string silo, int epochs);
}
