using System.Globalization;
using Grid.Grains.Specs;

namespace Grid.Grains.Stopping;

/// <summary>
/// Applies a sweep's stopping rule to its trials' progress and returns the new decisions. Median and ASHA judge each
/// open fold once per epoch (median) or rung (asha), in epoch order, as the folds report; <paramref name="judged"/>
/// remembers what was judged (the grain stores it, so a restart does not judge anything twice). Paired judges every
/// trial that is neither stopped nor exempt against the incumbent after every change.
/// </summary>
/// <param name="epochs">The job's epochs per fold: a fold at its last epoch is about to finish and is not stopped.</param>
/// <param name="folds">Folds per trial (the paired rule's alpha spending measures its looks against them).</param>
public sealed class SweepStopper(StoppingSpec spec, int epochs, int folds)
{
    /// <param name="trials">Every trial's progress.</param>
    /// <param name="decided">Decisions taken before.</param>
    /// <param name="judged">Fold epochs and rungs judged before; new ones are added.</param>
    /// <param name="exempt">Trials a user ran to the end after they were stopped (<c>sweep retry --stopped</c>): never stopped again.</param>
    public IReadOnlyList<StopDecision> Decide(IReadOnlyList<TrialProgress> trials, IReadOnlyCollection<StopDecision> decided,
        ISet<string> judged, IReadOnlySet<int> exempt)
    {
        var stoppedTrials = decided.Where(d => d.StopsTrial).Select(d => d.TrialIndex).ToHashSet();
        var live = trials.Where(t => !exempt.Contains(t.Index) && !stoppedTrials.Contains(t.Index)).ToArray();
        return spec switch
        {
            PairedStopping paired => DecidePaired(new PairedStoppingRule(paired, folds), trials, live, stoppedTrials),
            MedianStopping median => DecideFolds(trials, live, decided, judged, "median",
                fold => Enumerable.Range(1, epochs - 1), new MedianStoppingRule(median).Check),
            AshaStopping asha => DecideAsha(new AshaRule(asha, epochs), trials, live, decided, judged),
            _ => [],
        };
    }

    private static StopDecision[] DecidePaired(PairedStoppingRule rule, IReadOnlyList<TrialProgress> trials, IReadOnlyList<TrialProgress> live, HashSet<int> stoppedTrials)
    {
        var candidates = trials.Where(t => !stoppedTrials.Contains(t.Index)).ToList();
        var decisions = new List<StopDecision>();
        // Judged one by one against the incumbent of the trials still in: a stopped trial is no incumbent for the next.
        foreach (var trial in live.Where(t => t.Open.Count > 0))
        {
            if (rule.Check(trial, candidates) is not { } decision) continue;
            decisions.Add(decision);
            candidates.Remove(trial);
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
