using Grid.Grains;
using Grid.Learning.Pretraining;
using Grid.Learning.Training;
using Grid.Silo.Configuration;
using Grid.Silo.Storage;
using Grid.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Grid.Silo.Runner;

/// <summary>
/// Runs one assigned job on a slot thread: fetches its inputs, runs it, stores its artifacts under its lease's blob names,
/// reports the end. Interruptions (<see cref="JobInterruptions"/>) hand the job back without using up a retry.
/// </summary>
public sealed partial class JobExecution(
    IGrainFactory grains,
    IJobExecutor executor,
    GridStores stores,
    IOptions<RunnerSettings> settings,
    ILogger<JobExecution> logger)
{
    private static readonly TimeSpan HandBackPatience = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan HandBackRetryDelay = TimeSpan.FromSeconds(1);
    private readonly DatasetCache _cache = new(stores.Datasets, settings.Value.CacheDirectory, settings.Value.DatasetCacheBytes);

    public void Run(string silo, JobAssignment assignment, SlotInfo slot, CancellationTokenSource cancellation, CancellationToken stopping)
    {
        var jobId = assignment.Ticket.JobId;
        var (kind, key) = GrainKeys.ParseJobId(jobId);
        var grain = JobGrains.Get(grains, jobId);
        var scheduler = grains.GetGrain<ISchedulerGrain>(GrainKeys.Singleton);
        var phases = new JobPhases();
        JobWork? work;
        try
        {
            // The fold's record names the CUDA device it runs on, or -1 for a CPU slot.
            work = JobPhases.Time(phases.Begin, () => GridCallException.Wait($"{jobId}: begin", () => grain.BeginAsync(assignment.LeaseId, silo, slot.IsGpu ? slot.Device : -1)));
        }
        catch (Exception error) when (JobInterruptions.IsInterruption(error))
        {
            LogGridUnreachable(error, jobId);
            HandBack(scheduler, grain, jobId, assignment.LeaseId, stopping);
            return;
        }
        if (work is null)
        {
            scheduler.ReleaseAsync(jobId, assignment.LeaseId).GetAwaiter().GetResult();
            return;
        }

        LogRunning(jobId, slot.Slot, work.CompletedEpochs, work.Attempt);
        EpochReporter? reporter = null;
        try
        {
            if (work.ResumeCheckpointBlob is { } resumeBlob && !CheckpointExists(resumeBlob))
            {
                // Storage that lost acknowledged writes can point the job at a checkpoint that retention already deleted:
                // runs are deterministic, so starting over gives the same epochs.
                LogCheckpointMissing(jobId, resumeBlob);
                work = work with { CompletedEpochs = 0, ResumeCheckpointBlob = null, BestCheckpointBlob = null };
            }
            var threads = slot.Threads * assignment.Slots.Count;
            JobOutcome Run(JobWork from)
            {
                reporter = new EpochReporter(grain, assignment.LeaseId, key, from, stores.Artifacts, cancellation, settings.Value.KeepCheckpoints, HasLoss(kind, from),
                    progress => LogDataProgress(jobId, progress.ToString()), deferredEpoch: kind == JobKind.Fold ? FoldRequestOf(from).Training.Epochs : 0,
                    uploadWait: phases.UploadWait);
                return kind == JobKind.Fold
                    ? RunFold(key, assignment.LeaseId, from, reporter, slot.Device, threads, phases, cancellation.Token)
                    : RunPretraining(key, assignment.LeaseId, from, reporter, slot.Device, threads, phases, cancellation.Token);
            }

            JobOutcome outcome;
            try
            {
                outcome = Run(work);
            }
            catch (NonFiniteLossException error) when (reporter is not null)
            {
                // Runs resume bit-identically, so a model that truly diverges meets the same loss again and fails below;
                // a one-off non-finite loss (docs/performance.md: seen under load on an AVX-512 machine) does not.
                reporter.Drain();
                var resumeAt = reporter.CompletedEpochs;
                LogNonFiniteRerun(jobId, error.Epoch, resumeAt);
                var again = resumeAt == work.CompletedEpochs
                    ? work
                    : work with { CompletedEpochs = resumeAt, ResumeCheckpointBlob = reporter.LastCheckpointBlob, BestCheckpointBlob = null };
                outcome = Run(again);
            }
            // A fold is reported succeeded only after its last checkpoint and its result are durable; its last epoch comes
            // with the completion, in one state write.
            if (reporter?.Deferred is { } last && grain is IFoldGrain fold)
            {
                if (!JobPhases.Time(phases.Completion, () => GridCallException.Wait($"{jobId}: completion", () => fold.CompleteLastEpochAsync(assignment.LeaseId, last, outcome))))
                {
                    cancellation.Cancel();
                    throw new OperationCanceledException($"{jobId}: the grid took the job back after its last epoch", cancellation.Token);
                }
                reporter.DeferredAccepted();
            }
            else
            {
                JobPhases.Time(phases.Completion, () => GridCallException.Wait($"{jobId}: completion", () => grain.CompleteAsync(assignment.LeaseId, outcome)));
            }
            LogFinished(jobId, outcome.BestAccuracy, phases.ToString());
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            reporter?.DrainQuietly();
            LogCancelled(jobId);
            if (stopping.IsCancellationRequested)
                grain.LeaseLostAsync(assignment.LeaseId).Ignore();
            else
                HandBack(scheduler, grain, jobId, assignment.LeaseId, stopping);
        }
        catch (Exception error) when (JobInterruptions.IsInterruption(error))
        {
            // Not the job's fault (a call that timed out while the cluster was declaring dead silos dead, a storage or
            // ETag error): the job is handed back as interrupted, without using up one of its retries. Should these calls
            // be lost too, the lease expires and the scheduler does the same.
            reporter?.DrainQuietly();
            LogGridUnreachable(error, jobId);
            HandBack(scheduler, grain, jobId, assignment.LeaseId, stopping);
        }
        catch (Exception error)
        {
            reporter?.DrainQuietly();
            LogJobFailed(error, jobId);
            grain.FailAsync(assignment.LeaseId, $"{error.GetType().Name}: {error.Message}").GetAwaiter().GetResult();
        }
    }

    /// <summary>
    /// Tells the job grain its run was interrupted and waits until it has stored that (it re-queues the job and frees the
    /// lease), trying again while the grid or its storage does not answer: until then the slot stays occupied, so the
    /// job is never shown running on a free slot. After <see cref="HandBackPatience"/> the slot is freed anyway; the
    /// job grain's lease watchdog then re-queues the job.
    /// </summary>
    private void HandBack(ISchedulerGrain scheduler, IJobGrain grain, string jobId, Guid leaseId, CancellationToken stopping)
    {
        var deadline = DateTime.UtcNow + HandBackPatience;
        while (true)
        {
            try
            {
                grain.InterruptedAsync(leaseId).GetAwaiter().GetResult();
                return;
            }
            catch (Exception error) when (DateTime.UtcNow < deadline && !stopping.IsCancellationRequested)
            {
                // Whatever the failure (unreachable, not activated, its state write failed), the slot stays occupied until the grain stored it.
                LogHandBackRetry(error, jobId);
                stopping.WaitHandle.WaitOne(HandBackRetryDelay);
            }
            catch (Exception error)
            {
                LogGridUnreachable(error, jobId);
                break;
            }
        }
        try
        {
            scheduler.ReleaseAsync(jobId, leaseId).GetAwaiter().GetResult();
        }
        catch (Exception error)
        {
            // The lease then expires instead, and the job grain's lease watchdog re-queues the job.
            LogGridUnreachable(error, jobId);
        }
    }

    /// <summary>Every job but a kNN fold (which fits nothing) reports a training loss.</summary>
    private static bool HasLoss(JobKind kind, JobWork work) =>
        kind != JobKind.Fold || FoldRequestOf(work).Protocol != Protocol.Knn;

    private static FoldJobRequest FoldRequestOf(JobWork work) =>
        work.FoldRequest ?? throw new InvalidOperationException($"{work.Kind} work without a fold request");

    private JobOutcome RunFold(string key, Guid leaseId, JobWork work, EpochReporter reporter, int device, int threads, JobPhases phases, CancellationToken token)
    {
        var request = FoldRequestOf(work);
        var watch = System.Diagnostics.Stopwatch.StartNew();
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
        phases.Data(watch.Elapsed);
        var result = executor.RunFold(request, resume, reporter, token);
        JobPhases.Time(phases.UploadWait, reporter.Drain);
        var blob = JobPhases.Time(phases.Result, () => WriteResult(key, leaseId, ArtifactSerializer.Serialize(result), token));
        return new JobOutcome(result.BestEpoch, result.BestAccuracy, blob);
    }

    private JobOutcome RunPretraining(string key, Guid leaseId, JobWork work, EpochReporter reporter, int device, int threads, JobPhases phases, CancellationToken token)
    {
        var request = work.PretrainRequest ?? throw new InvalidOperationException($"{work.Kind} work without a pretraining request");
        var watch = System.Diagnostics.Stopwatch.StartNew();
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
        phases.Data(watch.Elapsed);
        var result = executor.RunPretraining(request, resume, reporter, token);
        JobPhases.Time(phases.UploadWait, reporter.Drain);
        var blob = JobPhases.Time(phases.Result, () => WriteResult(key, leaseId, ArtifactSerializer.Serialize(result), token));
        return new JobOutcome(reporter.CompletedEpochs, 0, blob);
    }

    private Stream? OpenCheckpoint(JobWork work, CancellationToken token)
    {
        if (work.ResumeCheckpointBlob is not { } blob) return null;
        return StorageFaultException.GuardAsync(blob, async () =>
        {
            await using var source = await stores.Artifacts.OpenReadAsync(blob, token);
            var copy = new MemoryStream();
            await source.CopyToAsync(copy, token);
            copy.Position = 0;
            return copy;
        }).GetAwaiter().GetResult();
    }

    private bool CheckpointExists(string blob)
    {
        try
        {
            StorageFaultException.GuardAsync(blob, async () => (await stores.Artifacts.OpenReadAsync(blob, CancellationToken.None)).Dispose()).GetAwaiter().GetResult();
            return true;
        }
        catch (FileNotFoundException)
        {
            return false;
        }
    }

    /// <summary>Stores a job's result under its lease's name; returns the name.</summary>
    private string WriteResult(string key, Guid leaseId, byte[] result, CancellationToken token)
    {
        var blob = ArtifactSerializer.ResultBlob(key, leaseId);
        StorageFaultException.GuardAsync(blob, () => stores.Artifacts.WriteAsync(blob, new MemoryStream(result), token)).GetAwaiter().GetResult();
        return blob;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{JobId}: training loss not finite at epoch {Epoch}; running it once more from its checkpoint after epoch {Resume}")]
    private partial void LogNonFiniteRerun(string jobId, int epoch, int resume);

    [LoggerMessage(Level = LogLevel.Information, Message = "Running {JobId} on slot {Slot} after {Epochs} epochs (attempt {Attempt})")]
    private partial void LogRunning(string jobId, int slot, int epochs, int attempt);

    [LoggerMessage(Level = LogLevel.Information, Message = "{JobId}: {Progress}")]
    private partial void LogDataProgress(string jobId, string progress);

    [LoggerMessage(Level = LogLevel.Information, Message = "Finished {JobId}: best accuracy {Accuracy:F4}; {Phases}")]
    private partial void LogFinished(string jobId, double accuracy, string phases);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stopped {JobId}: its lease was revoked or the silo is stopping")]
    private partial void LogCancelled(string jobId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId} interrupted: the grid or its storage did not answer; it is re-queued from its last durable checkpoint")]
    private partial void LogGridUnreachable(Exception error, string jobId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId}: its grain could not store the interruption yet; trying again")]
    private partial void LogHandBackRetry(Exception error, string jobId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId}: its checkpoint {Blob} is gone; it starts over from epoch 1")]
    private partial void LogCheckpointMissing(string jobId, string blob);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId} failed")]
    private partial void LogJobFailed(Exception error, string jobId);
}
