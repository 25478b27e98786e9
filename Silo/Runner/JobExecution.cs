using Grid.Grains;
using Grid.Learning.Pretraining;
using Grid.Learning.Training;
using Grid.Silo.Configuration;
using Grid.Silo.Storage;
using Grid.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Grid.Silo.Runner;

/// <summary>Runs one assigned job on a slot thread: fetches its inputs, runs it, stores its artifacts, reports the end.</summary>
public sealed partial class JobExecution(
    IGrainFactory grains,
    IJobExecutor executor,
    GridStores stores,
    IOptions<RunnerSettings> settings,
    ILogger<JobExecution> logger)
{
    private readonly DatasetCache _cache = new(stores.Datasets, settings.Value.CacheDirectory, settings.Value.DatasetCacheBytes);

    public void Run(string silo, JobAssignment assignment, SlotInfo slot, CancellationTokenSource cancellation, CancellationToken stopping)
    {
        var jobId = assignment.Ticket.JobId;
        var (kind, key) = GrainKeys.ParseJobId(jobId);
        var grain = JobGrains.Get(grains, jobId);
        // The fold's record names the CUDA device it runs on, or -1 for a CPU slot.
        var work = grain.BeginAsync(assignment.LeaseId, silo, slot.IsGpu ? slot.Device : -1).GetAwaiter().GetResult();
        if (work is null)
        {
            grains.GetGrain<ISchedulerGrain>(GrainKeys.Singleton).ReleaseAsync(jobId, assignment.LeaseId).GetAwaiter().GetResult();
            return;
        }

        LogRunning(jobId, slot.Slot, work.CompletedEpochs, work.Attempt);
        try
        {
            var threads = slot.Threads * assignment.Slots.Count;
            JobOutcome Run(JobWork from, out EpochReporter reporter)
            {
                reporter = new EpochReporter(grain, assignment.LeaseId, key, from.CompletedEpochs, stores.Artifacts, cancellation, HasLoss(kind, from),
                    progress => LogDataProgress(jobId, progress.ToString()));
                return kind == JobKind.Fold
                    ? RunFold(key, from, reporter, slot.Device, threads, cancellation.Token)
                    : RunPretraining(key, from, reporter, slot.Device, threads, cancellation.Token);
            }

            JobOutcome outcome;
            EpochReporter? first = null;
            try
            {
                outcome = Run(work, out first);
            }
            catch (NonFiniteLossException error) when (first is not null)
            {
                // Runs resume bit-identically, so a model that truly diverges meets the same loss again and fails below;
                // a one-off non-finite loss (docs/performance.md: seen under load on an AVX-512 machine) does not.
                var resumeAt = first.CompletedEpochs;
                LogNonFiniteRerun(jobId, error.Epoch, resumeAt);
                var again = resumeAt == work.CompletedEpochs
                    ? work
                    : work with { CompletedEpochs = resumeAt, ResumeCheckpointBlob = ArtifactSerializer.CheckpointBlob(key, resumeAt) };
                outcome = Run(again, out _);
            }
            grain.CompleteAsync(assignment.LeaseId, outcome).GetAwaiter().GetResult();
            LogFinished(jobId, outcome.BestAccuracy);
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            LogCancelled(jobId);
            if (stopping.IsCancellationRequested)
                grain.LeaseLostAsync(assignment.LeaseId).Ignore();
        }
        catch (Exception error) when (IsGridUnreachable(error))
        {
            // Not the job's fault (for example a call that timed out while the cluster was declaring dead silos
            // dead): the job is handed back as interrupted, without using up one of its retries. Should this call
            // be lost too, the lease expires and the scheduler does the same.
            LogGridUnreachable(error, jobId);
            grain.LeaseLostAsync(assignment.LeaseId).Ignore();
        }
        catch (Exception error)
        {
            LogJobFailed(error, jobId);
            grain.FailAsync(assignment.LeaseId, $"{error.GetType().Name}: {error.Message}").GetAwaiter().GetResult();
        }
    }

    /// <summary>
    /// A grain call that the cluster rejected (its silo is gone or unknown) or that was not answered in time, as opposed
    /// to an error of the job or of a grain's code, which counts against the job's retries.
    /// </summary>
    private static bool IsGridUnreachable(Exception error) => error is Orleans.Runtime.OrleansMessageRejectionException or TimeoutException;

    /// <summary>Every job but a kNN fold (which fits nothing) reports a training loss.</summary>
    private static bool HasLoss(JobKind kind, JobWork work) =>
        kind != JobKind.Fold || FoldRequestOf(work).Protocol != Protocol.Knn;

    private static FoldJobRequest FoldRequestOf(JobWork work) =>
        work.FoldRequest ?? throw new InvalidOperationException($"{work.Kind} work without a fold request");

    private JobOutcome RunFold(string key, JobWork work, EpochReporter reporter, int device, int threads, CancellationToken token)
    {
        var request = FoldRequestOf(work);
        using var dataset = _cache.Hold(work.DatasetLocation, token);
        request = request with
        {
            DatasetRoot = dataset.Root,
            InitPath = work.InitCheckpointBlob is { } init ? _cache.Fetch(stores.Artifacts, init, token) : request.InitPath,
            Threads = threads,
            Device = device,
            CacheDirectory = Path.Combine(settings.Value.CacheDirectory, "clips"),
            DataWorkers = settings.Value.DataWorkers,
            BatchWorkers = settings.Value.BatchWorkers,
        };
        using var resume = OpenCheckpoint(work, token);
        var result = executor.RunFold(request, resume, reporter, token);
        var blob = ArtifactSerializer.ResultBlob(key);
        stores.Artifacts.WriteAsync(blob, new MemoryStream(ArtifactSerializer.Serialize(result)), token).GetAwaiter().GetResult();
        return new JobOutcome(result.BestEpoch, result.BestAccuracy, blob);
    }

    private JobOutcome RunPretraining(string key, JobWork work, EpochReporter reporter, int device, int threads, CancellationToken token)
    {
        var request = work.PretrainRequest ?? throw new InvalidOperationException($"{work.Kind} work without a pretraining request");
        using var dataset = _cache.Hold(work.DatasetLocation, token);
        request = request with
        {
            DatasetRoot = dataset.Root,
            Threads = threads,
            Device = device,
            CacheDirectory = Path.Combine(settings.Value.CacheDirectory, "clips"),
            DataWorkers = settings.Value.DataWorkers,
            BatchWorkers = settings.Value.BatchWorkers,
        };
        using var resume = OpenCheckpoint(work, token);
        var result = executor.RunPretraining(request, resume, reporter, token);
        var blob = ArtifactSerializer.ResultBlob(key);
        stores.Artifacts.WriteAsync(blob, new MemoryStream(ArtifactSerializer.Serialize(result)), token).GetAwaiter().GetResult();
        return new JobOutcome(reporter.CompletedEpochs, 0, blob);
    }

    private Stream? OpenCheckpoint(JobWork work, CancellationToken token)
    {
        if (work.ResumeCheckpointBlob is not { } blob) return null;
        using var source = stores.Artifacts.OpenReadAsync(blob, token).GetAwaiter().GetResult();
        var copy = new MemoryStream();
        source.CopyTo(copy);
        copy.Position = 0;
        return copy;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{JobId}: training loss not finite at epoch {Epoch}; running it once more from its checkpoint after epoch {Resume}")]
    private partial void LogNonFiniteRerun(string jobId, int epoch, int resume);

    [LoggerMessage(Level = LogLevel.Information, Message = "Running {JobId} on slot {Slot} after {Epochs} epochs (attempt {Attempt})")]
    private partial void LogRunning(string jobId, int slot, int epochs, int attempt);

    [LoggerMessage(Level = LogLevel.Information, Message = "{JobId}: {Progress}")]
    private partial void LogDataProgress(string jobId, string progress);

    [LoggerMessage(Level = LogLevel.Information, Message = "Finished {JobId}: best accuracy {Accuracy:F4}")]
    private partial void LogFinished(string jobId, double accuracy);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stopped {JobId}: its lease was revoked or the silo is stopping")]
    private partial void LogCancelled(string jobId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId} stopped: the grid did not answer; it is re-queued from its last checkpoint")]
    private partial void LogGridUnreachable(Exception error, string jobId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId} failed")]
    private partial void LogJobFailed(Exception error, string jobId);
}
