using Grid.Learning.Data;

namespace Grid.Learning.Training;

/// <summary>A fold job's clips: the training folds and the held-out fold, decoded, with labels.</summary>
public sealed record FoldData(string[] Classes, LoadedClips Training, int[] TrainingLabels, LoadedClips Validation, int[] ValidationLabels)
{
    public static FoldData Load(FoldJobRequest request, CancellationToken cancellationToken)
    {
        var dataset = DatasetLayouts.Read(request.Layout, request.DatasetRoot, new DatasetReadOptions { SkipBad = request.SkipBadClips, Seed = request.Seed });
        if (!dataset.Folds.Contains(request.Fold))
            throw new ArgumentException($"Fold {request.Fold} does not exist in {request.Layout} at {request.DatasetRoot} (folds 1..{dataset.FoldNames.Count})", nameof(request));
        var training = LoadedClips.Load(TrainingClips(dataset, request), request.Features.SampleRate, request.CacheDirectory, request.SkipBadClips, cancellationToken);
        var validation = LoadedClips.Load(dataset.InFold(request.Fold), request.Features.SampleRate, request.CacheDirectory, request.SkipBadClips, cancellationToken);
        if (training.Count < 2) throw new InvalidDataException($"{request.DatasetRoot}: fewer than two training clips outside fold {request.Fold}");
        if (validation.Count == 0) throw new InvalidDataException($"{request.DatasetRoot}: fold {request.Fold} holds no usable clips");
        return new FoldData(dataset.ClassNames.ToArray(), training, training.Clips.Select(c => c.Label).ToArray(),
            validation, validation.Clips.Select(c => c.Label).ToArray());
    }

    /// <summary>
    /// Cross-validation layouts train on every fold but the held-out one. GTZAN's seeded split is fixed
    /// (1 = train, 2 = valid, 3 = test, as in the seed): its jobs train on the train split only, so holding
    /// out the validation split never puts test clips into training.
    /// </summary>
    public static IReadOnlyList<Clip> TrainingClips(DatasetIndex dataset, FoldJobRequest request)
    {
        if (!string.Equals(request.Layout, "gtzan", StringComparison.OrdinalIgnoreCase))
            return dataset.NotInFold(request.Fold);
        if (request.Fold == GtzanTrainSplit)
            throw new ArgumentException("gtzan: fold 1 is the training split; hold out 2 (valid) or 3 (test)", nameof(request));
        return dataset.InFold(GtzanTrainSplit);
    }

    private const int GtzanTrainSplit = 1;

    /// <summary>Every clip skipped as undecodable, as "path: reason".</summary>
    public IReadOnlyList<string> Skipped => Training.Skipped.Concat(Validation.Skipped).Select(p => p.ToString()).ToArray();

    public FoldPredictions Predictions(Evaluation evaluation) =>
        new(Validation.Clips.Select(c => c.Id).ToArray(), ValidationLabels, evaluation.Predicted, evaluation.Embeddings);
}
