namespace Grid.Grains.Specs;

/// <summary>
/// The labelled layouts the learning library reads and the folds a fold job can hold out: US8K's ten and
/// ESC-50's five published folds, GTZAN's seeded train/valid/test split (1-3; jobs hold out 2 and test on 3), DCASE 2013's
/// development/test split (1-2).
/// </summary>
public static class DatasetLayouts
{
    private static readonly Dictionary<string, int> FoldCounts = new(StringComparer.Ordinal)
    {
        ["us8k"] = Learning.Data.UrbanSound8KLayout.FoldCount,
        ["esc50"] = Learning.Data.Esc50Layout.FoldCount,
        ["gtzan"] = 3,
        ["dcase2013"] = 2,
    };

    public static IEnumerable<string> Names => FoldCounts.Keys;

    public static bool TryGetFoldCount(string layout, out int folds) => FoldCounts.TryGetValue(layout, out folds);

    /// <summary>
    /// The folds a sweep's jobs may hold out (also the default when a spec lists none): every fold under
    /// cross-validation; GTZAN's validation split 2 only, since its jobs train on split 1 and the job holding out
    /// split 2 also tests on split 3, which gives the seed's fixed-split result.
    /// </summary>
    public static IReadOnlyList<int> HeldOutFolds(string layout, int foldCount) =>
        layout == "gtzan" ? [GtzanValidationSplit] : Enumerable.Range(1, foldCount).ToArray();

    /// <summary>Why a fold of the layout cannot be held out, or null when it can.</summary>
    public static string? WhyNotHeldOut(string layout, int fold) => (layout, fold) switch
    {
        ("gtzan", 1) => "gtzan's split 1 is its training split; hold out 2 (valid)",
        ("gtzan", 3) => "gtzan's split 3 is its test split, evaluated by the job that holds out 2 (valid) at every epoch; hold out 2",
        _ => null,
    };

    private const int GtzanValidationSplit = 2;
}
