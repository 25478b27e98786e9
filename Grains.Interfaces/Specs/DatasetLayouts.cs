using LearningLayouts = Grid.Learning.Data.DatasetLayouts;

namespace Grid.Grains.Specs;

/// <summary>
/// What a sweep may ask of each layout the learning library reads, from the layout objects themselves
/// (<see cref="Learning.Data.IDatasetLayout"/>): fold counts (US8K's ten and ESC-50's five published folds, GTZAN's
/// seeded train/valid/test split 1-3 whose jobs hold out 2 and test on 3, DCASE 2013's development/test split 1-2;
/// csv's folds are known only from its labels.csv, so any positive fold is accepted and a job holding out a fold
/// the data lacks fails naming it); FSD50K is pretraining-only and refused for the fold jobs a sweep runs.
/// </summary>
public static class DatasetLayouts
{
    public static IEnumerable<string> Names => LearningLayouts.Names;

    public static bool IsKnown(string layout) => Find(layout) is not null;

    /// <summary>The layout's fold count when it is known before reading the data; false for csv and unknown layouts.</summary>
    public static bool TryGetFoldCount(string layout, out int folds)
    {
        folds = Find(layout)?.FoldCount ?? 0;
        return folds > 0;
    }

    /// <summary>Why a sweep (whose jobs train and test classifiers) cannot use the layout, or null when it can.</summary>
    public static string? WhyNotForFoldJobs(string layout) => Find(layout) switch
    {
        null => $"unknown layout '{layout}' (known: {string.Join(", ", Names)})",
        { Labelled: false } => $"{layout} is a pretraining-only layout with no labelled folds for fold jobs; " +
                               "name it as the corpus of the pretraining block (pretraining.dataset) instead",
        _ => null,
    };

    /// <summary>The layout's default evaluation window in seconds (<c>features.clipSeconds</c> when a spec sets none).</summary>
    public static double DefaultClipSeconds(string layout) =>
        (Find(layout) ?? throw new ArgumentException($"unknown layout '{layout}'", nameof(layout))).DefaultClipSeconds;

    /// <summary>
    /// The folds a sweep's jobs hold out when its spec lists none: every fold under cross-validation; GTZAN's
    /// validation split 2 only, since its jobs train on split 1 and the job holding out split 2 also tests on
    /// split 3, which gives the seed's fixed-split result. Null when the fold count is unknown before reading (csv).
    /// </summary>
    public static IReadOnlyList<int>? HeldOutFolds(string layout) =>
        layout == "gtzan" ? [GtzanValidationSplit]
        : TryGetFoldCount(layout, out var count) ? Enumerable.Range(1, count).ToArray()
        : null;

    /// <summary>Why <paramref name="fold"/> is not a fold of the layout, or null when it is (any positive fold for csv).</summary>
    public static string? WhyNotFold(string layout, int fold) =>
        TryGetFoldCount(layout, out var count)
            ? fold >= 1 && fold <= count ? null : $"{layout} has folds 1-{count}, not {fold}"
            : fold >= 1 ? null : $"folds are positive, not {fold}";

    /// <summary>Why a fold of the layout cannot be held out (not a fold, or a GTZAN split jobs do not hold out), or null when it can.</summary>
    public static string? WhyNotHeldOut(string layout, int fold) => WhyNotFold(layout, fold) ?? (layout, fold) switch
    {
        ("gtzan", 1) => "gtzan's split 1 is its training split; hold out 2 (valid)",
        ("gtzan", 3) => "gtzan's split 3 is its test split, evaluated by the job that holds out 2 (valid) at every epoch; hold out 2",
        _ => null,
    };

    private const int GtzanValidationSplit = 2;

    private static Learning.Data.IDatasetLayout? Find(string layout) =>
        LearningLayouts.Names.Contains(layout, StringComparer.Ordinal) ? LearningLayouts.Find(layout) : null;
}
