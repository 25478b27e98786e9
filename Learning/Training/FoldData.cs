using Grid.Learning.Data;

namespace Grid.Learning.Training;

/// <summary>
/// A fold job's clips: the training folds, the held-out fold, and on a fixed split held out at its validation
/// split the test split (<see cref="Test"/>), with labels, backed by the dataset's <see cref="WaveformStore"/>.
/// Dispose to release the store.
/// </summary>
public sealed record FoldData(string[] Classes, LoadedClips Training, int[] TrainingLabels, LoadedClips Validation, int[] ValidationLabels) : IDisposable
{
    /// <summary>The test split, evaluated after every epoch next to the validation fold; null under cross-validation.</summary>
    public LoadedClips? Test { get; init; }

    public int[] TestLabels { get; init; } = [];

    /// <summary>
    /// Reads the dataset and opens its waveform store once for every clip the job uses, building what is missing on
    /// <see cref="FoldJobRequest.DataWorkers"/> threads; <paramref name="progress"/> hears how the build goes.
    /// </summary>
    public static FoldData Load(FoldJobRequest request, CancellationToken cancellationToken, Action<StoreProgress>? progress = null)
    {
        var dataset = DatasetLayouts.Read(request.Layout, request.DatasetRoot, new DatasetReadOptions { SkipBad = request.SkipBadClips, Seed = request.Seed });
        if (!dataset.Folds.Contains(request.Fold))
            throw new ArgumentException($"Fold {request.Fold} does not exist in {request.Layout} at {request.DatasetRoot} (folds 1..{dataset.FoldNames.Count})", nameof(request));
        var trainingClips = TrainingClips(dataset, request);
        var validationClips = dataset.InFold(request.Fold);
        var testClips = TestSplit(request) is { } split ? dataset.InFold(split) : null;
        var options = new WaveformStoreOptions(request.DatasetRoot, request.Features.SampleRate)
        {
            CacheDirectory = request.CacheDirectory,
            Workers = Math.Max(1, request.DataWorkers),
            SkipBad = request.SkipBadClips,
            Progress = progress,
        };
        using var store = WaveformStore.Open(trainingClips.Concat(validationClips).Concat(testClips ?? []).Select(c => c.Path), options, cancellationToken);
        var training = LoadedClips.From(store, trainingClips);
        var validation = LoadedClips.From(store, validationClips);
        var test = testClips is null ? null : LoadedClips.From(store, testClips);
        var data = new FoldData(dataset.ClassNames.ToArray(), training, training.Clips.Select(c => c.Label).ToArray(),
            validation, validation.Clips.Select(c => c.Label).ToArray())
        {
            Test = test,
            TestLabels = test?.Clips.Select(c => c.Label).ToArray() ?? [],
        };
        try
        {
            if (training.Count < 2) throw new InvalidDataException($"{request.DatasetRoot}: fewer than two training clips outside fold {request.Fold}");
            if (validation.Count == 0) throw new InvalidDataException($"{request.DatasetRoot}: fold {request.Fold} holds no usable clips");
            if (test is { Count: 0 }) throw new InvalidDataException($"{request.DatasetRoot}: test split {TestSplit(request)} holds no usable clips");
            return data;
        }
        catch
        {
            data.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        Training.Dispose();
        Validation.Dispose();
        Test?.Dispose();
    }

    /// <summary>
    /// Cross-validation layouts train on every fold but the held-out one. GTZAN's seeded split is fixed
    /// (1 = train, 2 = valid, 3 = test, as in the thesis): its jobs train on the train split only, so holding
    /// out the validation split never puts test clips into training.
    /// </summary>
    public static IReadOnlyList<Clip> TrainingClips(DatasetIndex dataset, FoldJobRequest request)
    {
        if (FixedSplitOf(request) is not { } split)
            return dataset.NotInFold(request.Fold);
        if (request.Fold == split.Training)
            throw new ArgumentException($"{request.Layout.ToLowerInvariant()}: fold {split.Training} is the training split; " +
                                        $"hold out {split.Validation} (valid) or {split.Test} (test)", nameof(request));
        return dataset.InFold(split.Training);
    }

    /// <summary>
    /// The split a job also tests on: GTZAN's test split when the job holds out the validation split, so that the
    /// seed's fixed-split result (test accuracy at the best validation epoch) comes from one job. Null otherwise.
    /// </summary>
    public static int? TestSplit(FoldJobRequest request) => FixedSplitOf(request)?.TestSplitFor(request.Fold);

    private static FixedSplit? FixedSplitOf(FoldJobRequest request) => DatasetLayouts.Find(request.Layout)?.FixedSplit;

    /// <summary>Every clip skipped as undecodable, as "path: reason".</summary>
    public IReadOnlyList<string> Skipped =>
        Training.Skipped.Concat(Validation.Skipped).Concat(Test?.Skipped ?? []).Select(p => p.ToString()).ToArray();

    public FoldPredictions Predictions(Evaluation evaluation) =>
        new(Validation.Clips.Select(c => c.Id).ToArray(), ValidationLabels, evaluation.Predicted, evaluation.Embeddings);
}
