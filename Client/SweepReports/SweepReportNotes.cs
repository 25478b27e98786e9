using Grid.Grains;
using Grid.Grains.Specs;
using Grid.Learning.Pretraining;
using Grid.Learning.Training;

namespace Grid.Client.SweepReports;

/// <summary>A pretraining run of the plan, its request and the trials (by index) that start from it.</summary>
public sealed record PretrainingRun(PretrainingDefinition Definition, PretrainRequest Request, IReadOnlyList<int> Trials);

/// <summary>The caveats a sweep's report states: what has not finished, and pretraining that saw validation folds.</summary>
public static class SweepReportNotes
{
    public static IEnumerable<string> Progress(ExperimentSnapshot snapshot)
    {
        var folds = snapshot.Trials.SelectMany(t => t.Folds).ToList();
        var succeeded = folds.Count(f => f.State == FoldState.Succeeded);
        var state = snapshot.State.ToString().ToLowerInvariant();
        var partial = folds.Count(SweepReportInputs.IsPartial);
        var drawn = partial == 0 ? "" : $" {(partial == 1 ? "One running fold is" : $"{partial} running folds are")} drawn as " +
            "dashed partial curves in the validation curves, outside the means and the tables.";
        if (snapshot.State == ExperimentState.Running)
            yield return $"the sweep is still running: this report covers the {succeeded} of {folds.Count} fold jobs that have finished.{drawn}";
        else if (succeeded < folds.Count)
            yield return $"the sweep ended {state}: this report covers the {succeeded} of {folds.Count} fold jobs that succeeded.{drawn}";
        foreach (var trial in snapshot.Trials.Where(t => t.Folds.All(f => f.State != FoldState.Succeeded)))
        {
            var name = SweepReportMapper.TrialName(trial.Index);
            var running = trial.Folds.Where(SweepReportInputs.IsPartial).Select(f => f.Fold).Order().ToList();
            yield return running.Count == 0
                ? $"trial {name} has no succeeded fold yet and is left out."
                : $"trial {name} has no succeeded fold yet: drawn in the validation curves (running fold{(running.Count == 1 ? "" : "s")} " +
                  $"{TrialMethods.FoldList(running)}), but left out of the tables.";
        }
        foreach (var trial in snapshot.Trials)
        {
            var missing = trial.Folds.Where(f => f.State != FoldState.Succeeded).ToList();
            if (missing.Count > 0 && missing.Count < trial.Folds.Count)
                yield return $"trial {SweepReportMapper.TrialName(trial.Index)} covers {trial.Folds.Count - missing.Count} of {trial.Folds.Count} folds " +
                    $"(not finished: {string.Join(", ", missing.OrderBy(f => f.Fold).Select(f => $"{f.Fold} {(f.IsStopped ? "stopped" : f.State.ToString().ToLowerInvariant())}"))}).";
        }
        foreach (var line in StoppingSummary.Lines(snapshot))
            yield return line + ".";
    }

    /// <summary>
    /// "data wait %" per trial: the share of its succeeded folds' epoch time (all epochs together) that the training
    /// thread waited for data, from the stored fold results; nothing when no result recorded a wait (results written
    /// before it was measured).
    /// </summary>
    public static IEnumerable<string> DataWait(SweepReportInputs inputs)
    {
        var shares = inputs.Snapshot.Trials
            .Select(trial => (Trial: trial, Epochs: trial.Folds
                .Where(f => f.State == FoldState.Succeeded)
                .Select(f => inputs.FoldResults.GetValueOrDefault(f.Key))
                .OfType<FoldResult>()
                .SelectMany(r => r.Epochs)
                .ToList()))
            .Where(t => t.Epochs.Sum(e => e.Seconds) > 0 && t.Epochs.Any(e => e.DataWaitSeconds > 0))
            .Select(t => $"{SweepReportMapper.TrialName(t.Trial.Index)} " +
                Percent(t.Epochs.Sum(e => e.DataWaitSeconds) / t.Epochs.Sum(e => e.Seconds)))
            .ToList();
        if (shares.Count > 0)
            yield return $"data wait %: {string.Join(", ", shares)} (the share of each trial's epoch time that its jobs' training " +
                "threads waited for data; a large share means a starved device).";
    }

    private static string Percent(double share) => (100 * share).ToString("F1", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// One note per pretraining run that used clips some trial of it holds out (validation folds, a fixed split's test
    /// split), and per unfinished run.
    /// </summary>
    public static IEnumerable<string> Pretraining(SweepReportInputs inputs)
    {
        var validationFolds = inputs.Plan.Spec.Dataset.Folds;
        foreach (var run in PretrainingRuns(inputs.Plan))
        {
            var label = $"{TrialMethods.PretrainingLabel(run.Request)} (trials {string.Join(", ", run.Trials.Select(SweepReportMapper.TrialName))})";
            var corpus = new Grains.Specs.DatasetSpec(run.Request.Layout, run.Definition.DatasetLocation, run.Request.Folds);
            if (corpus.Location != inputs.Plan.Spec.Dataset.Location || corpus.Layout != inputs.Plan.Spec.Dataset.Layout)
            {
                yield return $"pretraining {label} learnt from {corpus.Layout} at {corpus.Location}, a corpus apart from the downstream " +
                    "dataset: disjoint from its held-out folds.";
                if (!inputs.Pretraining.ContainsKey(run.Definition.Key))
                    yield return $"pretraining {label} has not finished: no loss curve for it.";
                continue;
            }
            var request = TrialMethods.Request(inputs.Plan.Trials[run.Trials[0]]);
            var testSplits = validationFolds.Select(f => FoldData.TestSplit(request with { Fold = f })).OfType<int>().Distinct().ToList();
            IReadOnlyList<int> Seen(IReadOnlyList<int> heldOut) => run.Request.Folds.Count == 0 ? heldOut : heldOut.Intersect(run.Request.Folds).ToList();
            var (overlap, testOverlap) = (Seen(validationFolds), Seen(testSplits));
            if (overlap.Count > 0 || testOverlap.Count > 0)
            {
                var used = run.Request.Folds.Count == 0 ? "every fold" : $"folds {TrialMethods.FoldList(run.Request.Folds)}";
                var seen = string.Join(" and ", new[]
                {
                    overlap.Count > 0 ? $"validation folds {TrialMethods.FoldList(overlap)}" : null,
                    testOverlap.Count > 0 ? $"test split {TrialMethods.FoldList(testOverlap)}" : null,
                }.OfType<string>());
                yield return $"pretraining {label} used {used}, including {seen}: " +
                    "those clips were seen (without labels) in pretraining, so their accuracies are not fully held out.";
            }
            if (!inputs.Pretraining.ContainsKey(run.Definition.Key))
                yield return $"pretraining {label} has not finished: no loss curve for it.";
        }
    }

    /// <summary>The plan's distinct pretraining runs that some trial starts from, in order of first use.</summary>
    public static IReadOnlyList<PretrainingRun> PretrainingRuns(SweepPlan plan) =>
        plan.Trials
            .Where(t => t.Folds.Count > 0 && t.Folds[0].Pretraining is not null && TrialMethods.UsesPretraining(TrialMethods.Request(t).Protocol))
            .GroupBy(t => t.Folds[0].Pretraining!.Key)
            .Select(g => new PretrainingRun(g.First().Folds[0].Pretraining!, TrialMethods.Pretraining(g.First().Folds[0].Pretraining)!, g.Select(t => t.Index).ToList()))
            .ToList();
}
