using System.Globalization;
using Grid.Grains.Specs;
using Grid.Learning.Analysis;

namespace Grid.Grains.Stopping;

/// <summary>
/// Paired stopping over folds: the incumbent is the trial (not stopped) with the highest mean fold score over its
/// finished folds among those with at least <see cref="PairedStopping.MinFolds"/>; a trial whose scores on the folds it
/// shares with the incumbent (at least MinFolds) are lower by a one-sided paired test with p &lt; α is stopped. A fold's
/// score is its best validation accuracy. Wilcoxon follows scipy's zero_method "wilcox" (zero differences dropped;
/// every difference zero: no test, no stop), see <see cref="OneSidedPairedTests"/>.
/// </summary>
public sealed class PairedStoppingRule(PairedStopping spec)
{
    /// <param name="trial">The trial to judge.</param>
    /// <param name="candidates">Trials that may be the incumbent (every trial not stopped, the judged one included).</param>
    public StopDecision? Check(TrialProgress trial, IReadOnlyList<TrialProgress> candidates)
    {
        if (Incumbent(candidates) is not { } incumbent || incumbent.Index == trial.Index) return null;
        var shared = trial.Finished.Intersect(incumbent.Finished).Order().ToArray();
        if (shared.Length < spec.MinFolds) return null;
        var mine = shared.Select(trial.Score).ToArray();
        var theirs = shared.Select(incumbent.Score).ToArray();
        var result = spec.Test == PairedTestKind.T ? OneSidedPairedTests.TTestLess(mine, theirs) : OneSidedPairedTests.WilcoxonLess(mine, theirs);
        if (!(result.PValue < spec.Alpha)) return null;
        var test = spec.Test == PairedTestKind.T ? $"paired t = {result.Statistic:F3}" : $"Wilcoxon W+ = {result.Statistic:G4}{(result.Exact ? " (exact)" : "")}";
        var reason = string.Create(CultureInfo.InvariantCulture,
            $"paired: worse than trial {incumbent.Index} on folds {string.Join(",", shared)} (mean {mine.Average():P1} vs {theirs.Average():P1}; {test}, one-sided p = {result.PValue:G3} < α = {spec.Alpha})");
        return new StopDecision(trial.Index, null, StoppingRule.Paired, shared, null, incumbent.Index, shared.Length,
            result.Statistic, spec.Alpha, result.PValue, reason);
    }

    /// <summary>The trial with the highest mean score over its finished folds, among those with at least MinFolds; ties: the lower index.</summary>
    public TrialProgress? Incumbent(IReadOnlyList<TrialProgress> candidates) => candidates
        .Where(t => t.Finished.Count >= spec.MinFolds)
        .OrderByDescending(t => t.Finished.Average(t.Score))
        .ThenBy(t => t.Index)
        .FirstOrDefault();
}
