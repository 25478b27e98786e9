using System.Diagnostics;
using Grid.Grains;
using Grid.Learning.Data;
using Grid.Learning.Pretraining;
using Grid.Learning.Training;
using Grid.Silo.Storage;
using Grid.Storage;

namespace Grid.Silo.Runner;

/// <summary>
/// Called on the job's thread after each epoch: refuses a non-finite loss (<see cref="NonFiniteLossException"/>), takes the
/// checkpoint, and hands its upload (metrics, then checkpoint, then the report to the job grain) to the thread pool, so
/// that it overlaps the next epoch. At most one upload is pending: the next epoch's waits for it, and
/// <see cref="Drain"/> waits for the last. An epoch is reported only after its blobs are durable, so a resume never
/// reads a half-written checkpoint. Blobs are named under the job's lease (<see cref="ArtifactSerializer"/>), so a runner
/// that lost its lease cannot replace the holder's. A refused report (lease lost, job cancelled) cancels the job; a
/// store error surfaces as <see cref="StorageFaultException"/> (an interruption). Checkpoints that the
/// <see cref="CheckpointKeeper"/> no longer needs are deleted once a newer one is accepted. A kNN fold fits no
/// weights and reports no loss (NaN): <paramref name="hasLoss"/> false. <paramref name="dataProgress"/> hears how
/// the job's waveform store is built. The report of epoch <paramref name="deferredEpoch"/> (a fold's last; 0: none) is
/// not sent once its blobs are durable but kept as <see cref="Deferred"/>, for the job's completion to carry
/// (<see cref="IFoldGrain.CompleteLastEpochAsync"/>: one state write instead of two); should another epoch follow
/// it after all, it is sent first. The job's thread's waits for a pending upload go to <paramref name="uploadWait"/>.
/// </summary>
public sealed class EpochReporter(
    IJobGrain grain,
    Guid leaseId,
    string jobKey,
    JobWork work,
    IBlobStore artifacts,
    CancellationTokenSource cancellation,
    CheckpointRetention retention,
    bool hasLoss = true,
    Action<StoreProgress>? dataProgress = null,
    int deferredEpoch = 0,
    Action<TimeSpan>? uploadWait = null) : IFoldJobObserver, IPretrainObserver
{
    private readonly Stopwatch _sinceLastEpoch = Stopwatch.StartNew();
    private readonly CheckpointKeeper _keeper = new(retention, work.ResumeCheckpointBlob, work.BestCheckpointBlob, work.BestAccuracy, rankByAccuracy: work.Kind == JobKind.Fold);
    private Task _pending = Task.CompletedTask;
    private int _completed = work.CompletedEpochs;
    private int _taken = work.CompletedEpochs;
    private double _pretrainingDataWait;
    private EpochReport? _deferred;

    /// <summary>Epochs whose checkpoint is durable and whose report the grain accepted (call <see cref="Drain"/> first).</summary>
    public int CompletedEpochs => Volatile.Read(ref _completed);

    /// <summary>The checkpoint of <see cref="CompletedEpochs"/> (call <see cref="Drain"/> first).</summary>
    public string? LastCheckpointBlob => _keeper.Last;

    /// <summary>The last epoch's report, its blobs durable, not yet sent (call <see cref="Drain"/> first); null when none is kept.</summary>
    public EpochReport? Deferred => _deferred;

    /// <summary>The job grain took <see cref="Deferred"/> with the completion: it counts, and checkpoints no longer needed go.</summary>
    public void DeferredAccepted()
    {
        if (_deferred is not { } report) return;
        _deferred = null;
        AcceptedAsync(report).GetAwaiter().GetResult();
    }

    public void EpochCompleted(EpochMetrics metrics, Action<Stream> writeCheckpoint)
    {
        var epoch = _taken + 1;
        if (hasLoss) RequireFinite(metrics.TrainLoss, epoch);
        var metricsBlob = ArtifactSerializer.EpochMetricsBlob(jobKey, leaseId, epoch);
        var report = new EpochReport(epoch, metrics.TrainLoss, metrics.ValidationLoss, metrics.Accuracy, metrics.Seconds, ArtifactSerializer.CheckpointBlob(jobKey, leaseId, epoch))
        {
            TestAccuracy = metrics.TestAccuracy,
            DataWaitSeconds = metrics.DataWaitSeconds,
            MetricsBlob = metricsBlob,
            CorrectClips = metrics.CorrectClips,
        };
        Upload(report, writeCheckpoint, (metricsBlob, ArtifactSerializer.Serialize(metrics)));
    }

    /// <summary>Passes the waveform store's build progress on (the runner logs it).</summary>
    public void DataProgress(StoreProgress progress) => dataProgress?.Invoke(progress);

    /// <summary>Keeps a pretraining epoch's data wait for its report, which follows.</summary>
    public void EpochDataWait(int epoch, double dataWaitSeconds) => _pretrainingDataWait = dataWaitSeconds;

    public void EpochCompleted(int epoch, double loss, Action<Stream> writeCheckpoint)
    {
        var completed = _taken + 1;
        RequireFinite(loss, completed);
        var report = new EpochReport(completed, loss, double.NaN, 0, _sinceLastEpoch.Elapsed.TotalSeconds, ArtifactSerializer.CheckpointBlob(jobKey, leaseId, completed))
        {
            DataWaitSeconds = _pretrainingDataWait,
        };
        _pretrainingDataWait = 0;
        Upload(report, writeCheckpoint, null);
    }

    /// <summary>Waits for the pending upload and report; rethrows what stopped it (a refusal, a store fault).</summary>
    public void Drain() => _pending.GetAwaiter().GetResult();

    /// <summary>Waits for the pending upload and report, whatever their outcome (the job already failed).</summary>
    public void DrainQuietly()
    {
        try
        {
            Drain();
        }
        catch (Exception)
        {
            // The job's own error is the one reported.
        }
    }

    /// <summary>Takes the checkpoint on the job's thread, then stores it and reports the epoch in the background.</summary>
    private void Upload(EpochReport report, Action<Stream> writeCheckpoint, (string Blob, byte[] Bytes)? metrics)
    {
        var checkpoint = new MemoryStream();
        writeCheckpoint(checkpoint);
        checkpoint.Position = 0;
        var waited = Stopwatch.StartNew();
        Drain();
        uploadWait?.Invoke(waited.Elapsed);
        _taken = report.Epoch;
        _sinceLastEpoch.Restart();
        _pending = Task.Run(() => StoreAndReportAsync(report, checkpoint, metrics));
    }

    private async Task StoreAndReportAsync(EpochReport report, MemoryStream checkpoint, (string Blob, byte[] Bytes)? metrics)
    {
        var token = cancellation.Token;
        if (metrics is { } m)
            await StorageFaultException.GuardAsync(m.Blob, () => artifacts.WriteAsync(m.Blob, new MemoryStream(m.Bytes), token));
        await StorageFaultException.GuardAsync(report.CheckpointBlob, () => artifacts.WriteAsync(report.CheckpointBlob, checkpoint, token));

        if (_deferred is { } earlier)
        {
            _deferred = null;
            await ReportAsync(earlier);
        }
        if (report.Epoch == deferredEpoch)
        {
            _deferred = report;
            return;
        }
        await ReportAsync(report);
    }

    private async Task ReportAsync(EpochReport report)
    {
        if (!await GridCallException.CallAsync($"{jobKey}: report of epoch {report.Epoch}", () => grain.ReportEpochAsync(leaseId, report)))
        {
            await cancellation.CancelAsync();
            throw new OperationCanceledException($"{jobKey}: the grid took the job back after epoch {report.Epoch}", cancellation.Token);
        }
        await AcceptedAsync(report);
    }

    private async Task AcceptedAsync(EpochReport report)
    {
        Volatile.Write(ref _completed, report.Epoch);
        foreach (var stale in _keeper.Accepted(report.CheckpointBlob, report.Accuracy))
            await DeleteQuietlyAsync(stale);
    }

    /// <summary>A checkpoint that a failed delete leaves behind costs space, not correctness.</summary>
    private async Task DeleteQuietlyAsync(string blob)
    {
        try
        {
            await artifacts.DeleteAsync(blob, CancellationToken.None);
        }
        catch (Exception error) when (error is IOException or Azure.RequestFailedException)
        {
            // Only space: the grain never names it again.
        }
    }

    private void RequireFinite(double loss, int epoch)
    {
        if (!double.IsFinite(loss))
            throw new NonFiniteLossException(jobKey, loss, epoch);
    }
}
