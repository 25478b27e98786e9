namespace Grid.Grains;

/// <summary>
/// The order in which trials are ranked, best first, wherever a sweep's trials are ranked (the console's leaderboard, the
/// report, a study's table cells): trials with a finished fold and no fold stopped by a stopping rule, then trials with
/// a stopped fold, then trials with no finished fold; within each, by best average validation accuracy; ties keep the
/// given order. A stopped trial's average covers only the folds it kept, and a per-fold rule keeps the folds that were
/// doing well, so it is not comparable with a complete trial's (Optuna likewise leaves pruned trials out of its best trial).
/// </summary>
public static class TrialRanking
{
    /// <summary>0 for a trial with a finished fold and none stopped, 1 for one with a stopped fold, 2 for one with no finished fold.</summary>
    public static int Tier(bool hasFinishedFold, bool hasStoppedFold) => !hasFinishedFold ? 2 : hasStoppedFold ? 1 : 0;

    public static IReadOnlyList<TrialSummary> Order(IEnumerable<TrialSummary> trials) => trials
        .OrderBy(t => Tier(t.Aggregate.FoldsCovered > 0, t.FoldsStopped > 0))
        .ThenByDescending(t => t.Aggregate.BestAverageAccuracy)
        .ToArray();
}
