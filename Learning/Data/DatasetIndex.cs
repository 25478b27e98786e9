namespace Grid.Learning.Data;

/// <summary>
/// A dataset as read from its folder: class names (index = label), the clips with their folds,
/// and the problems met (files skipped on request, known-bad files).
/// </summary>
public sealed record DatasetIndex(
    string Layout,
    string Root,
    IReadOnlyList<string> ClassNames,
    IReadOnlyList<Clip> Clips,
    IReadOnlyList<DatasetProblem> Problems,
    IReadOnlyList<string> FoldNames)
{
    /// <summary>
    /// The fold numbers this copy of the dataset holds when it holds fewer than <see cref="FoldNames"/> (a US8K
    /// whose metadata names only some folds, a csv layout whose labels skip a fold number), ascending; null when
    /// it holds all of them. Fold numbers keep their published meaning either way.
    /// </summary>
    public IReadOnlyList<int>? FoldsPresent { get; init; }

    /// <summary>The fold numbers the dataset holds: <see cref="FoldsPresent"/>, or 1..FoldNames.Count.</summary>
    public IEnumerable<int> Folds => FoldsPresent ?? Enumerable.Range(1, FoldNames.Count);

    public IReadOnlyList<Clip> InFold(int fold) => Clips.Where(c => c.Fold == fold).ToArray();

    public IReadOnlyList<Clip> NotInFold(int fold) => Clips.Where(c => c.Fold != fold).ToArray();

    /// <summary>Clips per fold, indexed by fold - 1 over all of <see cref="FoldNames"/>.</summary>
    public int[] CountPerFold()
    {
        var counts = new int[FoldNames.Count];
        foreach (var clip in Clips) counts[clip.Fold - 1]++;
        return counts;
    }

    /// <summary>Clips per class, indexed by label.</summary>
    public int[] CountPerClass()
    {
        var counts = new int[ClassNames.Count];
        foreach (var clip in Clips) counts[clip.Label]++;
        return counts;
    }

    /// <summary>The same dataset without the given clips (e.g. those that failed to decode), with their problems added.</summary>
    public DatasetIndex Without(IReadOnlyCollection<DatasetProblem> failed)
    {
        var failedPaths = failed.Select(p => p.Path).ToHashSet(StringComparer.Ordinal);
        return this with
        {
            Clips = Clips.Where(c => !failedPaths.Contains(c.Path)).ToArray(),
            Problems = Problems.Concat(failed).ToArray(),
        };
    }
}
