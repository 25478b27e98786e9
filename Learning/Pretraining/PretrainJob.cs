using Grid.Learning.Settings;
using Grid.Learning.Data;
using Grid.Learning.Runtime;
using Grid.Learning.Training;
using static TorchSharp.torch;

namespace Grid.Learning.Pretraining;

/// <summary>
/// Contrastive pretraining (MoCo or NPID) over unlabelled clips. Runs synchronously on the caller's (dedicated)
/// thread, honours cancellation between batches and resumes after the last epoch of a checkpoint it wrote. The
/// request is first fitted to the corpus (<see cref="CorpusFit"/>); its warnings are returned and checkpointed.
/// </summary>
public static class PretrainJob
{
    public static PretrainResult Run(PretrainRequest request, Stream? resumeFrom, IPretrainObserver observer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(observer);
        SettingChecks.ThrowIfAny(request.Validate(), "pretraining request");
        set_num_threads(Math.Max(1, request.Threads));
        var device = TorchDevice.Select(request.Device);
        using var clips = LoadClips(request, observer, cancellationToken);
        var (fitted, warnings) = CorpusFit.Apply(request, clips.Count);
        request = fitted;
        using var pipeline = new FeaturePipeline(request.Features, request.Training, device);
        using var model = ContrastiveModel.Create(request, clips.Count, device);
        var method = PretrainedMethod.Describe(request, clips.Count, model.Temperature, warnings);
        using var optimizer = OptimizerFactory.Create(model.TrainableParameters(), request.Training);
        var schedule = new LearningRateSchedule(request.Training);
        var progress = resumeFrom is null
            ? PretrainProgress.Start(request.Method)
            : PretrainCheckpoint.Read(resumeFrom, model, optimizer, pipeline, request.Method);
        if (resumeFrom is null)
        {
            pipeline.FitNormalizer(clips.Waveforms, request.Training.BatchSize, cancellationToken);
            model.Prepare(clips, pipeline, request.Training.BatchSize);
        }
        var normalizer = pipeline.Normalizer!;

        // The next epoch's batches depend on nothing the model learns: they are made while this epoch is checkpointed.
        BatchProducer<AugmentedBatch>? Batches(int epoch) => epoch < request.Training.Epochs
            ? TrainingBatches.ForEpoch(epoch, clips.Waveforms, request.Training.BatchSize, model.MinimumBatch(request.Training.BatchSize),
                pipeline, model.Views, request.Seed, request.BatchWorkers)
            : null;
        var upcoming = Batches(progress.EpochsCompleted);
        try
        {
            for (var epoch = progress.EpochsCompleted; epoch < request.Training.Epochs; epoch++)
            {
                model.BeginEpoch(request.Seed, epoch);
                using var prepared = upcoming!;
                var steps = prepared.Count;
                var lossSum = 0.0;
                for (var step = 0; step < steps; step++)
                {
                    using var batch = prepared.Take(cancellationToken);
                    using var scope = NewDisposeScope();
                    OptimizerFactory.SetLearningRate(optimizer, schedule.RateAt(epoch, step, steps));
                    optimizer.zero_grad();
                    var loss = model.Loss(batch, device);
                    loss.backward();
                    optimizer.step();
                    lossSum += loss.item<float>();
                }
                upcoming = Batches(epoch + 1);
                var epochLoss = lossSum / steps;
                observer.EpochDataWait(epoch + 1, prepared.DataWait.Elapsed.TotalSeconds);
                progress = progress with { EpochsCompleted = epoch + 1, EpochLosses = [.. progress.EpochLosses, epochLoss] };
                var snapshot = progress;
                observer.EpochCompleted(epoch + 1, epochLoss, stream => PretrainCheckpoint.Write(stream, model, optimizer, normalizer, snapshot, method));
            }
        }
        finally
        {
            upcoming?.Dispose();
        }
        return new PretrainResult(progress.EpochLosses) { SkippedClips = clips.Skipped.Select(p => p.ToString()).ToArray(), Warnings = warnings };
    }

    private static LoadedClips LoadClips(PretrainRequest request, IPretrainObserver observer, CancellationToken cancellationToken)
    {
        var dataset = DatasetLayouts.Read(request.Layout, request.DatasetRoot, new DatasetReadOptions { SkipBad = request.SkipBadClips, Seed = request.Seed });
        foreach (var fold in request.Folds)
            if (!dataset.Folds.Contains(fold))
                throw new ArgumentException($"Folds: {fold} does not exist in {request.Layout} at {request.DatasetRoot} (folds 1..{dataset.FoldNames.Count})", nameof(request));
        var chosen = request.Folds.Count == 0 ? dataset.Clips : dataset.Clips.Where(c => request.Folds.Contains(c.Fold)).ToArray();
        var clips = LoadedClips.Load(chosen, new WaveformStoreOptions(request.DatasetRoot, request.Features.SampleRate)
        {
            CacheDirectory = request.CacheDirectory, Workers = Math.Max(1, request.DataWorkers), SkipBad = request.SkipBadClips, Progress = observer.DataProgress,
        }, cancellationToken);
        if (clips.Count >= 2) return clips;
        clips.Dispose();
        throw new InvalidDataException($"{request.DatasetRoot}: pretraining needs at least two usable clips, found {clips.Count}");
    }
}
