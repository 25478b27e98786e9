using Grid.Learning.Settings;
using TorchSharp;
using Grid.Learning.Data;
using Grid.Learning.Metrics;
using Grid.Learning.Models;
using Grid.Learning.Runtime;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Grid.Learning.Training;

/// <summary>
/// One fold of one downstream protocol: train on every fold but <see cref="FoldJobRequest.Fold"/>, validate on it
/// after each epoch (and test on a fixed split's test split, <see cref="FoldData.Test"/>), report the best epoch.
/// Training draws random windows; evaluation hears each clip whole (<see cref="Audio.FeatureOptions.WholeClipEvaluation"/>).
/// Runs synchronously on the caller's (dedicated) thread.
/// </summary>
public static class FoldJob
{
    public static FoldResult Run(FoldJobRequest request, Stream? resumeFrom, IFoldJobObserver observer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(observer);
        SettingChecks.ThrowIfAny(request.Validate(), "fold job request");
        set_num_threads(Math.Max(1, request.Threads));
        var device = TorchDevice.Select(request.Device);
        using var data = FoldData.Load(request, cancellationToken, observer.DataProgress);
        using var pipeline = new FeaturePipeline(request.Features, request.Training, device);
        var encoder = EncoderInitialisation.Create(request);
        var classifier = new LinearClassifier(encoder.EmbeddingDim, data.Classes.Length, Seeds.Derive(request.Seed, "classifier"));
        using var model = new ClassifierModel(encoder, classifier);
        model.to(device);

        if (request.Protocol == Protocol.Knn)
            return KnnProtocol.Run(request, data, model, pipeline, resumeFrom, observer, cancellationToken);

        var freeze = request.Protocol == Protocol.Freeze;
        if (freeze)
            foreach (var parameter in encoder.parameters()) parameter.requires_grad = false;
        var trainable = freeze ? classifier.parameters() : model.parameters();
        using var optimizer = OptimizerFactory.Create(trainable, request.Training);
        var schedule = new LearningRateSchedule(request.Training);
        var progress = resumeFrom is null ? FoldProgress.Start(EncoderInitialisation.Describe(request)) : FoldCheckpoint.Read(resumeFrom, model, optimizer, pipeline);
        if (pipeline.Normalizer is null) pipeline.FitNormalizer(data.Training.Waveforms, request.Training.BatchSize, cancellationToken);
        var normalizer = pipeline.Normalizer!;

        BatchProducer<AugmentedBatch>? Batches(int epoch) => epoch < request.Training.Epochs
            ? TrainingBatches.ForEpoch(epoch, data.Training.Waveforms, request.Training.BatchSize, minimumLastBatch: 2, pipeline, views: 1,
                request.Seed, request.BatchWorkers)
            : null;
        var upcoming = Batches(progress.EpochsCompleted);
        try
        {
            for (var epoch = progress.EpochsCompleted; epoch < request.Training.Epochs; epoch++)
            {
                using var current = upcoming!;
                upcoming = null;
                progress = Epoch(epoch, current, () => upcoming = Batches(epoch + 1));
            }
        }
        finally
        {
            upcoming?.Dispose();
        }
        return Result(data, progress, chosenK: null);

        // One epoch: train, start the next epoch's batches (made while this one is evaluated), evaluate, report.
        FoldProgress Epoch(int epoch, BatchProducer<AugmentedBatch> batches, Action startNext)
        {
            var started = System.Diagnostics.Stopwatch.StartNew();
            var dataWait = batches.DataWait;
            var trainLoss = ClassifierEpoch.Train(model, optimizer, schedule, epoch, batches, data.TrainingLabels, pipeline, freeze, cancellationToken);
            startNext();
            var evaluation = ClassifierEpoch.Evaluate(model, pipeline, data.Validation.Waveforms, data.ValidationLabels,
                request.Training.BatchSize, cancellationToken, dataWait);
            var testAccuracy = TestAccuracy(data, () => ClassifierEpoch.Evaluate(model, pipeline, data.Test!.Waveforms, data.TestLabels,
                request.Training.BatchSize, cancellationToken, dataWait).Predicted);
            var metrics = Metrics(epoch + 1, trainLoss, evaluation.Loss, data, evaluation.Predicted, started.Elapsed.TotalSeconds) with
            {
                TestAccuracy = testAccuracy,
                DataWaitSeconds = dataWait.Elapsed.TotalSeconds,
            };
            var snapshot = progress.With(metrics, () => data.Predictions(evaluation));
            observer.EpochCompleted(metrics, stream => FoldCheckpoint.Write(stream, model, optimizer, normalizer, snapshot));
            return snapshot;
        }
    }

    internal static EpochMetrics Metrics(int epoch, double trainLoss, double validationLoss, FoldData data, int[] predicted, double seconds)
    {
        var metrics = ClassificationMetrics.Compute(data.ValidationLabels, predicted, data.Classes.Length);
        return new EpochMetrics(epoch, trainLoss, validationLoss, metrics.Accuracy, metrics.Precision, metrics.Recall, metrics.F1,
            metrics.Confusion, seconds)
        {
            CorrectClips = CorrectClipBits.Of(data.Validation.Clips.Select(c => c.Id).ToArray(), data.ValidationLabels, predicted),
        };
    }

    /// <summary>Accuracy on the test split of a fixed split, from the predictions <paramref name="predictTest"/> makes; null without one.</summary>
    internal static double? TestAccuracy(FoldData data, Func<int[]> predictTest) =>
        data.Test is null ? null : ClassificationMetrics.Compute(data.TestLabels, predictTest(), data.Classes.Length).Accuracy;

    internal static FoldResult Result(FoldData data, FoldProgress progress, int? chosenK) =>
        new(data.Classes, progress.Epochs, progress.BestEpoch, progress.BestAccuracy, chosenK,
            progress.Best ?? throw new InvalidOperationException("the fold job finished without a single epoch"))
        {
            SkippedClips = data.Skipped,
            Initialisation = progress.Initialisation ?? "unknown",
        };
}
