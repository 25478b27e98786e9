using Grid.Learning.Metrics;
using Grid.Learning.Runtime;
using static TorchSharp.torch;

namespace Grid.Learning.Training;

/// <summary>
/// The knn protocol: the memory bank is refilled with the frozen encoder's embeddings of the training folds, K is
/// chosen by cross-validation inside them (their dataset folds, or five seeded groups when they form one fold),
/// and the held-out fold (and a fixed split's test split) is classified by weighted cosine kNN. One "epoch"; kNN has no
/// loss (NaN). Every clip, in the bank as among the queries, is one embedding: the mean of its evaluation windows'
/// embeddings (<see cref="ClipInference"/>), so that bank and queries live in the same space; the cosine kNN then
/// normalises that mean.
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
        var batchSize = request.Training.BatchSize;
        using var bank = Embed(model, pipeline, data.Training.Waveforms, batchSize, cancellationToken);            // N×D
        var validation = ClipInference.Run(model, pipeline, data.Validation.Waveforms, batchSize, cancellationToken);
        using var queries = Rows(validation.Embeddings, pipeline.Device);                                            // M×D

        var choice = KnnSelection.Choose(bank, data.TrainingLabels, Groups(data, request.Seed), data.Classes.Length,
            request.Training.KnnCandidates, request.Training.KnnTemperature);
        using var knn = new KnnClassifier(bank, data.TrainingLabels, data.Classes.Length, request.Training.KnnTemperature);
        var predicted = knn.Predict(queries, choice.K);

        var knnEvaluation = new Evaluation(double.NaN, predicted, validation.Embeddings);
        var metrics = FoldJob.Metrics(1, double.NaN, double.NaN, data, predicted, started.Elapsed.TotalSeconds) with
        {
            TestAccuracy = FoldJob.TestAccuracy(data, () => PredictTest(model, pipeline, data, knn, choice.K, batchSize, cancellationToken)),
        };
        var progress = FoldProgress.Start(EncoderInitialisation.Describe(request)).With(metrics, () => data.Predictions(knnEvaluation)) with { ChosenK = choice.K };
        observer.EpochCompleted(metrics, stream => FoldCheckpoint.Write(stream, model, optimizer: null, normalizer, progress));
        return FoldJob.Result(data, progress, choice.K);
    }

    private static int[] PredictTest(ClassifierModel model, FeaturePipeline pipeline, FoldData data, KnnClassifier knn, int k, int batchSize,
        CancellationToken cancellationToken)
    {
        using var queries = Embed(model, pipeline, data.Test!.Waveforms, batchSize, cancellationToken);   // T×D
        return knn.Predict(queries, k);
    }

    // One row per clip, the mean of its evaluation windows' embeddings, on the model's device.
    private static Tensor Embed(ClassifierModel model, FeaturePipeline pipeline, IReadOnlyList<float[]> waveforms, int batchSize,
        CancellationToken cancellationToken)
        => Rows(ClipInference.Run(model, pipeline, waveforms, batchSize, cancellationToken).Embeddings, pipeline.Device);

    private static Tensor Rows(float[][] embeddings, Device device)
    {
        using var scope = NewDisposeScope();
        return stack(embeddings.Select(e => tensor(e)).ToArray()).to(device).MoveToOuterDisposeScope();
    }

    private static int[] Groups(FoldData data, long seed)
    {
        var folds = data.Training.Clips.Select(c => c.Fold).ToArray();
        return folds.Distinct().Count() >= 2
            ? folds
            : KnnSelection.RandomGroups(folds.Length, Math.Min(RandomGroupCount, folds.Length), Seeds.Derive(seed, "knn"));
    }
}
