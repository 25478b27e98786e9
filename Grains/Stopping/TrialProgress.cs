namespace Grid.Grains.Stopping;

/// <summary>
/// What a stopping rule sees of one trial: the validation accuracy after each epoch (index 0 = epoch 1) of every fold
/// that reported one, the folds that finished (succeeded) and the folds still to run or running.
/// </summary>
public sealed record TrialProgress(
    int Index,
    IReadOnlyDictionary<int, IReadOnlyList<double>> Curves,
    IReadOnlySet<int> Finished,
    IReadOnlySet<int> Open)
{
    /// <summary>A fold's score for paired comparisons: its best validation accuracy over its epochs.</summary>
    public double Score(int fold) => Curves[fold].Max();

    /// <summary>The progress a trial summary shows.</summary>
    public static TrialProgress Of(TrialSummary summary) => new(
        summary.Index,
        summary.Folds.Where(f => f.EpochAccuracies.Count > 0).ToDictionary(f => f.Fold, f => f.EpochAccuracies),
        summary.Folds.Where(f => f.State == FoldState.Succeeded && f.EpochAccuracies.Count > 0).Select(f => f.Fold).ToHashSet(),
        summary.Folds.Where(f => !f.State.IsTerminal()).Select(f => f.Fold).ToHashSet());

    public IReadOnlyList<double>? Curve(int fold) => Curves.TryGetValue(fold, out var curve) ? curve : null;
}
