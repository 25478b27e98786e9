namespace Grid.Learning.Data;

/// <summary>
/// The dataset layouts by name, and what a sweep may ask of each, from the layout objects themselves: fold counts
/// (US8K's ten and ESC-50's five published folds, GTZAN's seeded train/valid/test split 1-3 whose jobs hold out 2
/// and test on 3, DCASE 2013's development/test split 1-2; csv's folds are known only from its labels.csv, so any
/// fold from 1 to <see cref="CsvLayout.MaxFold"/> is accepted and a job holding out a fold the data lacks fails naming it); FSD50K is
/// pretraining-only and refused for fold jobs. Commands and job requests name a layout in any case; specs name it
/// exactly (lower case), so the spec-facing checks below match names exactly.
/// </summary>
public static class DatasetLayouts
{
    private static readonly IDatasetLayout[] All =
    [
        new UrbanSound8KLayout(),
        new Esc50Layout(),
        new GtzanLayout(),
        new Dcase2013Layout(),
        new Fsd50kLayout(),
        new CsvLayout(),
    ];

    public static IReadOnlyList<string> Names { get; } = All.Select(l => l.Name).ToArray();

    /// <summary>The layout with this name; an unknown name is an <see cref="ArgumentException"/> listing the known ones.</summary>
    public static IDatasetLayout Get(string name) =>
        Find(name) ?? throw new ArgumentException($"unknown dataset layout '{name}'; known: {string.Join(", ", Names)}", nameof(name));

    /// <summary>The layout with this name (any case), or null.</summary>
    public static IDatasetLayout? Find(string name) =>
        All.FirstOrDefault(l => string.Equals(l.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>Reads the folder with the named layout.</summary>
    public static DatasetIndex Read(string name, string root, DatasetReadOptions? options = null) =>
        Get(name).Read(root, options ?? new DatasetReadOptions());

    /// <summary>Whether a spec's layout name is known (exact name).</summary>
    public static bool IsKnown(string layout) => Exact(layout) is not null;

    /// <summary>Why a sweep (whose jobs train and test classifiers) cannot use the layout, or null when it can.</summary>
    public static string? WhyNotForFoldJobs(string layout) => Exact(layout) switch
    {
        null => $"unknown layout '{layout}' (known: {string.Join(", ", Names)})",
        { Labelled: false } => $"{layout} is a pretraining-only layout with no labelled folds for fold jobs; " +
                               "name it as the corpus of the pretraining block (pretraining.dataset) instead",
        _ => null,
    };

    /// <summary>The layout's default evaluation window in seconds (<c>features.clipSeconds</c> when a spec sets none).</summary>
    public static double DefaultClipSeconds(string layout) =>
        (Exact(layout) ?? throw new ArgumentException($"unknown layout '{layout}'", nameof(layout))).DefaultClipSeconds;

    /// <summary>The folds a sweep's jobs hold out when its spec lists none (<see cref="IDatasetLayout.HeldOutFolds"/>); null for csv and unknown layouts.</summary>
    public static IReadOnlyList<int>? HeldOutFolds(string layout) => Exact(layout)?.HeldOutFolds;

    /// <summary>Why <paramref name="fold"/> is not a fold of the layout, or null when it is (1 to <see cref="CsvLayout.MaxFold"/> for csv).</summary>
    public static string? WhyNotFold(string layout, int fold) =>
        Exact(layout)?.FoldCount is { } count
            ? fold >= 1 && fold <= count ? null : $"{layout} has folds 1-{count}, not {fold}"
            : fold < 1 ? $"folds are positive, not {fold}"
            : fold > CsvLayout.MaxFold ? $"folds are at most {CsvLayout.MaxFold}, not {fold}"
            : null;

    /// <summary>Why a fold of the layout cannot be held out (not a fold, or a split of a fixed split that jobs do not hold out), or null when it can.</summary>
    public static string? WhyNotHeldOut(string layout, int fold) =>
        WhyNotFold(layout, fold) ?? Exact(layout)?.FixedSplit?.WhyNotHeldOut(layout, fold);

    private static IDatasetLayout? Exact(string layout) => All.FirstOrDefault(l => l.Name == layout);
}
