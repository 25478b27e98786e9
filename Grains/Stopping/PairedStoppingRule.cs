using System.Globalization;
using Grid.Grains.Specs;
using Grid.Learning.Analysis;
using Grid.Learning.Training;

namespace Grid.Grains.Stopping;

/// <summary>
/// Paired stopping over folds, one look: the incumbent is the trial (not stopped) with the highest mean fold score over
/// its finished folds of the look (<see cref="SweepStopper"/> passes the sweep's first n) among those with at least
/// <see cref="PairedStopping.MinFolds"/>; a trial whose scores on the n folds
/// it shares with the incumbent (n at least MinFolds) are lower by a one-sided paired test with p below the look's
/// level (α, or its share at n of <paramref name="folds"/> folds under alpha spending) is stopped. A fold's score is
/// its best validation accuracy. Wilcoxon follows scipy's zero_method "wilcox" (zero differences dropped; every
/// difference zero: no test, no stop), see <see cref="OneSidedPairedTests"/>. The first-fold look, on one fold's
/// clips, is <see cref="CheckFirstFold"/>.
/// </summary>
/// <param name="folds">Folds per trial: the information a look's share of α is measured against.</param>
public sealed class PairedStoppingRule(PairedStopping spec, int folds)
{
    /// <param name="trial">The trial to judge.</param>
    /// <param name="candidates">Trials that may be the incumbent (every trial not stopped, the judged one included).</param>
    /// <param name="within">The folds of the look (the first n of the sweep's order); null: every finished fold.</param>
    public StopDecision? Check(TrialProgress trial, IReadOnlyList<TrialProgress> candidates, IReadOnlySet<int>? within = null)
    {
        if (Incumbent(candidates, within) is not { } incumbent || incumbent.Index == trial.Index) return null;
        var shared = Finished(trial, within).Intersect(Finished(incumbent, within)).Order().ToArray();
        if (shared.Length < spec.MinFolds) return null;
        var mine = shared.Select(trial.Score).ToArray();
        var theirs = shared.Select(incumbent.Score).ToArray();
        var result = spec.Test == PairedTestKind.T ? OneSidedPairedTests.TTestLess(mine, theirs) : OneSidedPairedTests.WilcoxonLess(mine, theirs);
        var level = spec.Level(shared.Length, folds);
        if (!(result.PValue < level)) return null;
        var test = spec.Test == PairedTestKind.T ? $"paired t = {result.Statistic:F3}" : $"Wilcoxon W+ = {result.Statistic:G4}{(result.Exact ? " (exact)" : "")}";
        var reason = string.Create(CultureInfo.InvariantCulture,
            $"paired: worse than trial {incumbent.Index} on folds {string.Join(",", shared)} (mean {mine.Average():P1} vs {theirs.Average():P1}; {test}, one-sided p = {result.PValue:G3} < {Threshold(level, shared.Length)})");
        return new StopDecision(trial.Index, null, StoppingRule.Paired, shared, null, incumbent.Index, shared.Length,
            result.Statistic, level, result.PValue, reason);
    }

    /// <summary>
    /// The first-fold look (<see cref="PairedStopping.FirstFold"/>): the incumbent is the trial (not stopped) with the
    /// best score on <paramref name="fold"/>; a trial is stopped when McNemar's exact one-sided test on the fold's
    /// validation clips, paired clip by clip, finds it worse with p below the look's level (α, or its share at 1 fold).
    /// No marks, or marks of other clips: no test, no stop.
    /// </summary>
    public StopDecision? CheckFirstFold(TrialProgress trial, IReadOnlyList<TrialProgress> candidates, int fold)
    {
        if (!spec.FirstFold) return null;
        var incumbent = candidates.Where(t => t.Finished.Contains(fold))
            .OrderByDescending(t => t.Score(fold)).ThenBy(t => t.Index).FirstOrDefault();
        if (incumbent is null || incumbent.Index == trial.Index || !trial.Finished.Contains(fold)) return null;
        if (trial.Marks(fold) is not { } mine || incumbent.Marks(fold) is not { } theirs
            || CorrectClipBits.Count(mine) != CorrectClipBits.Count(theirs)) return null;
        var (onlyTrial, onlyIncumbent) = CorrectClipBits.Discordant(mine, theirs);
        var discordant = onlyTrial + onlyIncumbent;
        if (discordant == 0) return null;
        var p = McNemarTest.ExactWorse(onlyIncumbent, discordant);
        var level = spec.Level(1, folds);
        if (!(p < level)) return null;
        var reason = string.Create(CultureInfo.InvariantCulture,
            $"paired: worse than trial {incumbent.Index} on fold {fold}'s {CorrectClipBits.Count(mine)} clips ({trial.Score(fold):P1} vs {incumbent.Score(fold):P1}; McNemar: {onlyIncumbent} of {discordant} discordant clips right by trial {incumbent.Index} only, one-sided p = {p:G3} < {Threshold(level, 1)})");
        return new StopDecision(trial.Index, null, StoppingRule.Paired, [fold], null, incumbent.Index, discordant,
            onlyIncumbent, level, p, reason);
    }

    private string Threshold(double level, int sharedFolds) => spec.Spending == AlphaSpendingFunction.None
        ? string.Create(CultureInfo.InvariantCulture, $"α = {spec.Alpha}")
        : string.Create(CultureInfo.InvariantCulture, $"{level:G3}, the share at {sharedFolds} of {folds} folds of α = {spec.Alpha} ({spec.SpendingName} spending)");

    /// <summary>
    /// The trial with the highest mean score over its finished folds (of <paramref name="within"/>, when given), among
    /// those with at least MinFolds; ties: the lower index.
    /// </summary>
    public TrialProgress? Incumbent(IReadOnlyList<TrialProgress> candidates, IReadOnlySet<int>? within = null) => candidates
        .Select(t => (Trial: t, Folds: Finished(t, within).ToArray()))
        .Where(c => c.Folds.Length >= spec.MinFolds)
        .OrderByDescending(c => c.Folds.Average(c.Trial.Score))
        .ThenBy(c => c.Trial.Index)
        .Select(c => c.Trial)
        .FirstOrDefault();

    /// <summary>In fold order, so that a mean is summed the same way whatever order the folds finished in.</summary>
    private static IEnumerable<int> Finished(TrialProgress trial, IReadOnlySet<int>? within) =>
        (within is null ? trial.Finished : trial.Finished.Where(within.Contains)).Order();
}
