namespace Grid.Grains.Stopping;

/// <summary>
/// What a stopping rule sees of one trial: the validation accuracy after each epoch (index 0 = epoch 1) of every fold
/// that reported one, the folds that finished (succeeded), the folds still to run or running, and, for the finished
/// folds that reported them, which validation clips the best epoch classified right (<see cref="CorrectClips"/>).
/// </summary>
public sealed record TrialProgress(
    int Index,
    IReadOnlyDictionary<int, IReadOnlyList<double>> Curves,
    IReadOnlySet<int> Finished,
    IReadOnlySet<int> Open,
    IReadOnlyDictionary<int, byte[]>? CorrectClips = null)
{
    /// <summary>A fold's score for paired comparisons: its best validation accuracy over its epochs.</summary>
    public double Score(int fold) => Curves[fold].Max();

    /// <summary>The progress a trial summary shows.</summary>
    public static TrialProgress Of(TrialSummary summary)
    {
        var finished = summary.Folds.Where(f => f.State == FoldState.Succeeded && f.EpochAccuracies.Count > 0).ToArray();
        return new(
            summary.Index,
            summary.Folds.Where(f => f.EpochAccuracies.Count > 0).ToDictionary(f => f.Fold, f => f.EpochAccuracies),
            finished.Select(f => f.Fold).ToHashSet(),
            summary.Folds.Where(f => !f.State.IsTerminal()).Select(f => f.Fold).ToHashSet(),
            finished.Where(f => f.BestCorrectClips is not null).ToDictionary(f => f.Fold, f => f.BestCorrectClips!));
    }

    public IReadOnlyList<double>? Curve(int fold) => Curves.TryGetValue(fold, out var curve) ? curve : null;

    /// <summary>The best epoch's marks of a finished fold; null when it did not report them.</summary>
    public byte[]? Marks(int fold) => CorrectClips is not null && CorrectClips.TryGetValue(fold, out var marks) ? marks : null;
}
