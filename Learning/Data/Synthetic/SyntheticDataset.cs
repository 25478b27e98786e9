namespace Grid.Learning.Data.Synthetic;

/// <summary>Synthetic datasets in the real layouts, for tests, demos and CPU-scale experiments.</summary>
public static class SyntheticDataset
{
    public static IReadOnlyList<string> Layouts { get; } = ["us8k", "esc50"];

    /// <summary>
    /// Writes <paramref name="clipsPerClass"/> clips for each of the ten sound models into <paramref name="outDir"/>
    /// in the named layout (us8k or esc50). The same seed writes the same files. Returns the number of clips.
    /// </summary>
    public static int Write(string layout, string outDir, int clipsPerClass = 20, long seed = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(clipsPerClass, 1);
        return layout.ToLowerInvariant() switch
        {
            "us8k" => SyntheticUrbanSound8K.Write(outDir, clipsPerClass, seed),
            "esc50" => SyntheticEsc50.Write(outDir, clipsPerClass, seed),
            _ => throw new ArgumentException($"synthetic data exists for layouts {string.Join(", ", Layouts)}, not '{layout}'", nameof(layout)),
        };
    }
}
