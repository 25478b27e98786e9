using System.Globalization;
using Grid.Grains.Specs;

namespace Grid.Grains.Stopping;

/// <summary>
/// Applies a sweep's stopping rule to its trials' progress and returns the new decisions. Median and ASHA judge each
/// open fold once per epoch (median) or rung (asha), in epoch order, as the folds report; <paramref name="judged"/>
/// remembers what was judged (the grain stores it, so a restart does not judge anything twice). Paired judges in
/// looks: look n (from MinFolds on) once every trial not stopped has ended its first n folds of the sweep's fold order,
/// each trial that is neither stopped nor exempt against the incumbent over those n folds, once
/// (<see cref="DecidePaired"/>); with the first-fold look on, look 1 as well, on the first fold's clips.
/// </summary>
/// <param name="epochs">The job's epochs per fold: a fold at its last epoch is about to finish and is not stopped.</param>
/// <param name="folds">The sweep's folds in the order they run (the paired rule's looks and its alpha spending measure against them).</param>
public sealed class SweepStopper(StoppingSpec spec, int epochs, IReadOnlyList<int> folds)
{
    /// <param name="trials">Every trial's progress.</param>
    /// <param name="decided">Decisions taken before.</param>
    /// <param name="judged">Fold epochs, rungs and paired looks judged before; new ones are added.</param>
    /// <param name="exempt">Trials a user ran to the end after they were stopped (<c>sweep retry --stopped</c>): never stopped again.</param>
    public IReadOnlyList<StopDecision> Decide(IReadOnlyList<TrialProgress> trials, IReadOnlyCollection<StopDecision> decided,
        ISet<string> judged, IReadOnlySet<int> exempt)
    {
        var stoppedTrials = decided.Where(d => d.StopsTrial).Select(d => d.TrialIndex).ToHashSet();
        var live = trials.Where(t => !exempt.Contains(t.Index) && !stoppedTrials.Contains(t.Index)).ToArray();
        return spec switch
        {
            PairedStopping paired => DecidePaired(new PairedStoppingRule(paired, folds.Count), paired.FirstFold ? 1 : paired.MinFolds,
                paired.MinFolds, trials, live, stoppedTrials, judged),
            MedianStopping median => DecideFolds(trials, live, decided, judged, "median",
                fold => Enumerable.Range(1, epochs - 1), new MedianStoppingRule(median).Check),
            AshaStopping asha => DecideAsha(new AshaRule(asha, epochs), trials, live, decided, judged),
            _ => [],
        };
    }

    /// <summary>
    /// Each look once, in order (look 1, the first-fold look, only with <see cref="PairedStopping.FirstFold"/>): look n is taken when no trial still in has a fold of the first n open, so that every
    /// trial is judged on the same folds against the same incumbent, and the decisions depend on the fold scores alone,
    /// not on the order in which folds happened to finish (nor on the slots, nor on a restart). A trial stopped at a
    /// look is out of the later ones.
    /// </summary>
    private StopDecision[] DecidePaired(PairedStoppingRule rule, int firstLook, int minFolds, IReadOnlyList<TrialProgress> trials,
        IReadOnlyList<TrialProgress> live, HashSet<int> stoppedTrials, ISet<string> judged)
    {
        var decisions = new List<StopDecision>();
        for (var look = firstLook; look < folds.Count; look++)
        {
            var within = folds.Take(look).ToHashSet();
            var candidates = trials.Where(t => !stoppedTrials.Contains(t.Index)).ToList();
            if (candidates.Any(t => t.Open.Overlaps(within))) break;
            if (!judged.Add(string.Create(CultureInfo.InvariantCulture, $"paired/look/{look}"))) continue;
            if (look > 1 && look < minFolds) continue; // between the first-fold look and minFolds: no test
            foreach (var trial in live.Where(t => !stoppedTrials.Contains(t.Index) && t.Open.Count > 0))
            {
                var decision = look == 1 ? rule.CheckFirstFold(trial, candidates, folds[0]) : rule.Check(trial, candidates, within);
                if (decision is null) continue;
                decisions.Add(decision);
                stoppedTrials.Add(trial.Index);
            }
        }
        return [.. decisions];
    }

    private StopDecision[] DecideAsha(AshaRule rule, IReadOnlyList<TrialProgress> trials, IReadOnlyList<TrialProgress> live,
        IReadOnlyCollection<StopDecision> decided, ISet<string> judged) =>
        DecideFolds(trials, live, decided, judged, "asha", _ => rule.Rungs, rule.Check);

    /// <summary>Judges every open fold of the live trials at each epoch it reached and was not judged at, in order, until one stops it.</summary>
    private StopDecision[] DecideFolds(IReadOnlyList<TrialProgress> trials, IReadOnlyList<TrialProgress> live,
        IReadOnlyCollection<StopDecision> decided, ISet<string> judged, string rule, Func<int, IEnumerable<int>> epochsToJudge,
        Func<TrialProgress, int, int, IReadOnlyList<TrialProgress>, StopDecision?> check)
    {
        var decisions = new List<StopDecision>();
        foreach (var trial in live)
            foreach (var fold in trial.Open.Order())
            {
                if (trial.Curve(fold) is not { } curve || decided.Any(d => d.TrialIndex == trial.Index && d.Covers(fold))) continue;
                foreach (var epoch in epochsToJudge(fold).Where(e => e <= curve.Count && e < epochs))
                {
                    if (!judged.Add(string.Create(CultureInfo.InvariantCulture, $"{rule}/{trial.Index}/{fold}/{epoch}"))) continue;
                    if (check(trial, fold, epoch, trials) is not { } decision) continue;
                    decisions.Add(decision);
                    break;
                }
            }
        return [.. decisions];
    }
}
