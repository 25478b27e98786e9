using Grid.Learning.Metrics;
using Grid.Learning.Runtime;
using static TorchSharp.torch;

namespace Grid.Learning.Training;

/// <summary>
/// The knn protocol: the memory bank is refilled with the frozen encoder's embeddings of the training folds, K is
/// chosen by cross-validation inside them (their dataset folds, or five seeded groups when they form one fold),
/// and the held-out fold (and a fixed split's test split) is classified by weighted cosine kNN. One "epoch"; kNN has no
/// loss (NaN).
/// </summary>
internal static class KnnProtocol
{
    private const int RandomGroupCount = 5;

    public static FoldResult Run(FoldJobRequest request, FoldData data, ClassifierModel model, FeaturePipeline pipeline,
        Stream? resumeFrom, IFoldJobObserver observer, CancellationToken cancellationToken)
    {
        if (resumeFrom is not null)
        {
            var finished = FoldCheckpoint.Read(resumeFrom, model, optimizer: null, pipeline);
            if (finished.EpochsCompleted >= 1) return FoldJob.Result(data, finished, finished.ChosenK);
        }
        var started = System.Diagnostics.Stopwatch.StartNew();
        pipeline.FitNormalizer(data.Training.Waveforms, request.Training.BatchSize, cancellationToken);
        var normalizer = pipeline.Normalizer!;
        using var validationFeatures = pipeline.Centred(data.Validation.Waveforms);   // M×3×mels×frames
        using var trainingFeatures = pipeline.Centred(data.Training.Waveforms);
        using var bank = Embed(model, trainingFeatures, request.Training.BatchSize);            // N×D
        var evaluation = ClassifierEpoch.Evaluate(model, validationFeatures, data.ValidationLabels, request.Training.BatchSize);
        using var queries = stack(evaluation.Embeddings.Select(e => tensor(e)).ToArray());     // M×D

        var choice = KnnSelection.Choose(bank, data.TrainingLabels, Groups(data, request.Seed), data.Classes.Length,
            request.Training.KnnCandidates, request.Training.KnnTemperature);
        using var knn = new KnnClassifier(bank, data.TrainingLabels, data.Classes.Length, request.Training.KnnTemperature);
        var predicted = knn.Predict(queries.to(bank.device), choice.K);

        var knnEvaluation = evaluation with { Loss = double.NaN, Predicted = predicted };
        var metrics = FoldJob.Metrics(1, double.NaN, double.NaN, data, predicted, started.Elapsed.TotalSeconds) with
        {
            TestAccuracy = FoldJob.TestAccuracy(data, () => PredictTest(model, pipeline, data, knn, choice.K, request.Training.BatchSize)),
        };
        var progress = FoldProgress.Start(EncoderInitialisation.Describe(request)).With(metrics, () => data.Predictions(knnEvaluation)) with { ChosenK = choice.K };
        observer.EpochCompleted(metrics, stream => FoldCheckpoint.Write(stream, model, optimizer: null, normalizer, progress));
        return FoldJob.Result(data, progress, choice.K);
    }

    private static int[] PredictTest(ClassifierModel model, FeaturePipeline pipeline, FoldData data, KnnClassifier knn, int k, int batchSize)
    {
        using var features = pipeline.Centred(data.Test!.Waveforms);   // T×3×mels×frames
        using var queries = Embed(model, features, batchSize);          // T×D
        return knn.Predict(queries, k);
    }

    private static Tensor Embed(ClassifierModel model, Tensor features, int batchSize)
    {
        model.eval();
        using var _ = no_grad();
        var parts = EpochPlan.InOrder((int)features.shape[0], batchSize)
            .Select(batch => model.Encoder.call(features.narrow(0, batch[0], batch.Length)))
            .ToArray();
        var joined = cat(parts, 0);
        foreach (var part in parts) part.Dispose();
        return joined;
    }

    private static int[] Groups(FoldData data, long seed)
    {
        var folds = data.Training.Clips.Select(c => c.Fold).ToArray();
        return folds.Distinct().Count() >= 2
            ? folds
            : KnnSelection.RandomGroups(folds.Length, Math.Min(RandomGroupCount, folds.Length), Seeds.Derive(seed, "knn"));
    }
}
