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
        var training = LoadedClips.Load(dataset.NotInFold(request.Fold), request.Features.SampleRate, request.CacheDirectory, request.SkipBadClips, cancellationToken);
        var validation = LoadedClips.Load(dataset.InFold(request.Fold), request.Features.SampleRate, request.CacheDirectory, request.SkipBadClips, cancellationToken);
        if (training.Count < 2) throw new InvalidDataException($"{request.DatasetRoot}: fewer than two training clips outside fold {request.Fold}");
        if (validation.Count == 0) throw new InvalidDataException($"{request.DatasetRoot}: fold {request.Fold} holds no usable clips");
        return new FoldData(dataset.ClassNames.ToArray(), training, training.Clips.Select(c => c.Label).ToArray(),
            validation, validation.Clips.Select(c => c.Label).ToArray());
    }

    /// <summary>Every clip skipped as undecodable, as "path: reason".</summary>
    public IReadOnlyList<string> Skipped => Training.Skipped.Concat(Validation.Skipped).Select(p => p.ToString()).ToArray();

    public FoldPredictions Predictions(Evaluation evaluation) =>
        new(Validation.Clips.Select(c => c.Id).ToArray(), ValidationLabels, evaluation.Predicted, evaluation.Embeddings);
}
