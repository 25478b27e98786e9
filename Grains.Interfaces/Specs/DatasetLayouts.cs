namespace Grid.Grains.Specs;

/// <summary>
/// The labelled layouts the learning library reads and the folds a fold job can hold out: US8K's ten and
/// ESC-50's five published folds, GTZAN's seeded train/valid/test split (1-3), DCASE 2013's
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

    /// <summary>The lowest fold a job may hold out: GTZAN's split 1 is what its jobs train on.</summary>
    public static int FirstHeldOutFold(string layout) => layout == "gtzan" ? 2 : 1;
}
