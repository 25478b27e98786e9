namespace Grid.Grains.Specs;

/// <summary>The dataset layouts the learning library reads and their published cross-validation folds.</summary>
public static class DatasetLayouts
{
    private static readonly Dictionary<string, int> FoldCounts = new(StringComparer.Ordinal)
    {
        ["us8k"] = 10,
        ["esc50"] = 5,
        ["gtzan"] = 10,
        ["dcase2013"] = 5,
    };

    public static IEnumerable<string> Names => FoldCounts.Keys;

    public static bool TryGetFoldCount(string layout, out int folds) => FoldCounts.TryGetValue(layout, out folds);
}
