using System.Diagnostics;
using Grid.Grains;
using Grid.Learning.Data;
using Grid.Learning.Pretraining;
using Grid.Learning.Training;
using Grid.Silo.Storage;
using Grid.Storage;

namespace Grid.Silo.Runner;

/// <summary>
/// Called on the job's thread after each epoch: refuses a non-finite loss (<see cref="NonFiniteLossException"/>), stores the
/// checkpoint and the epoch's metrics, then reports to the job grain. A refused report (lease lost,
/// job cancelled) cancels the job. A kNN fold fits no weights and reports no loss (NaN): <paramref name="hasLoss"/> false.
/// <paramref name="dataProgress"/> hears how the job's waveform store is built.
/// </summary>
public sealed class EpochReporter(
    IJobGrain grain,
    Guid leaseId,
    string jobKey,
    int completedEpochs,
    IBlobStore artifacts,
    CancellationTokenSource cancellation,
    bool hasLoss = true,
    Action<StoreProgress>? dataProgress = null) : IFoldJobObserver, IPretrainObserver
{
    private readonly Stopwatch _sinceLastEpoch = Stopwatch.StartNew();
    private int _completed = completedEpochs;
    private double _pretrainingDataWait;

    public int CompletedEpochs => _completed;

    public void EpochCompleted(EpochMetrics metrics, Action<Stream> writeCheckpoint)
    {
        var epoch = _completed + 1;
        if (hasLoss) RequireFinite(metrics.TrainLoss, epoch);
        Write(ArtifactSerializer.EpochMetricsBlob(jobKey, epoch), new MemoryStream(ArtifactSerializer.Serialize(metrics)));
        Report(new EpochReport(epoch, metrics.TrainLoss, metrics.ValidationLoss, metrics.Accuracy, metrics.Seconds, ArtifactSerializer.CheckpointBlob(jobKey, epoch))
        {
            TestAccuracy = metrics.TestAccuracy,
            DataWaitSeconds = metrics.DataWaitSeconds,
        }, writeCheckpoint);
    }

    /// <summary>Passes the waveform store's build progress on (the runner logs it).</summary>
    public void DataProgress(StoreProgress progress) => dataProgress?.Invoke(progress);

    /// <summary>Keeps a pretraining epoch's data wait for its report, which follows.</summary>
    public void EpochDataWait(int epoch, double dataWaitSeconds) => _pretrainingDataWait = dataWaitSeconds;

    public void EpochCompleted(int epoch, double loss, Action<Stream> writeCheckpoint)
    {
        var completed = _completed + 1;
        RequireFinite(loss, completed);
        Report(new EpochReport(completed, loss, double.NaN, 0, _sinceLastEpoch.Elapsed.TotalSeconds, ArtifactSerializer.CheckpointBlob(jobKey, completed))
        {
            DataWaitSeconds = _pretrainingDataWait,
        }, writeCheckpoint);
        _pretrainingDataWait = 0;
    }

    /// <summary>Stores the checkpoint at the report's blob, then reports the epoch.</summary>
    private void Report(EpochReport report, Action<Stream> writeCheckpoint)
    {
        var checkpoint = new MemoryStream();
        writeCheckpoint(checkpoint);
        checkpoint.Position = 0;
        Write(report.CheckpointBlob, checkpoint);

        if (!grain.ReportEpochAsync(leaseId, report).GetAwaiter().GetResult())
        {
            cancellation.Cancel();
            throw new OperationCanceledException($"{jobKey}: the grid took the job back after epoch {report.Epoch}", cancellation.Token);
        }
        _completed = report.Epoch;
        _sinceLastEpoch.Restart();
    }

    private void Write(string blob, Stream content) =>
        artifacts.WriteAsync(blob, content, cancellation.Token).GetAwaiter().GetResult();

    private void RequireFinite(double loss, int epoch)
    {
        if (!double.IsFinite(loss))
            throw new NonFiniteLossException(jobKey, loss, epoch);
    }
}
