namespace Grid.Learning.Data.Synthetic;

/// <summary>Synthetic datasets in the real layouts, for tests, demos and CPU-scale experiments.</summary>
public static class SyntheticDataset
{
    public static IReadOnlyList<string> Layouts { get; } = ["us8k", "esc50", "gtzan", "dcase2013", "fsd50k"];

    /// <summary>The most clips per class a layout's names allow (DCASE 2013 numbers recordings with two digits).</summary>
    public static int MaxClipsPerClass(string layout) =>
        layout.Equals("dcase2013", StringComparison.OrdinalIgnoreCase) ? SyntheticDcase2013.MaxClipsPerClass : 10_000;

    /// <summary>
    /// Writes <paramref name="clipsPerClass"/> clips for each of the ten classes of the named layout into
    /// <paramref name="outDir"/>: the ten sound models (us8k, esc50, fsd50k), ten music genres (gtzan) or ten
    /// acoustic scenes (dcase2013). The same seed writes the same files. Returns the number of clips.
    /// </summary>
    public static int Write(string layout, string outDir, int clipsPerClass = 20, long seed = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(clipsPerClass, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(clipsPerClass, MaxClipsPerClass(layout));
        return layout.ToLowerInvariant() switch
        {
            "us8k" => SyntheticUrbanSound8K.Write(outDir, clipsPerClass, seed),
            "esc50" => SyntheticEsc50.Write(outDir, clipsPerClass, seed),
            "gtzan" => SyntheticGtzan.Write(outDir, clipsPerClass, seed),
            "dcase2013" => SyntheticDcase2013.Write(outDir, clipsPerClass, seed),
            "fsd50k" => SyntheticFsd50k.Write(outDir, clipsPerClass, seed),
            _ => throw new ArgumentException($"synthetic data exists for layouts {string.Join(", ", Layouts)}, not '{layout}'", nameof(layout)),
        };
    }
}
