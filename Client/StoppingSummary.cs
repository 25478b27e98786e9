using System.Globalization;
using Grid.Grains;

namespace Grid.Client;

/// <summary>
/// What a sweep's stopping rule did, for the console and the report: the decisions in force with their evidence and the
/// slot time they saved, estimated as each stopped fold's epochs not run × its latest epoch's seconds (folds stopped
/// before their first epoch: the sweep's mean epoch seconds).
/// </summary>
public static class StoppingSummary
{
    /// <summary>Slot-seconds the stopped folds did not run; 0 when no epoch is timed yet.</summary>
    public static double SlotSecondsSaved(ExperimentSnapshot snapshot)
    {
        var folds = snapshot.Trials.SelectMany(t => t.Folds).ToArray();
        var timed = folds.Where(f => f.EpochSeconds > 0).ToArray();
        var meanEpoch = timed.Length == 0 ? 0 : timed.Average(f => f.EpochSeconds);
        return folds.Where(f => f.IsStopped)
            .Sum(f => Math.Max(f.TotalEpochs - f.EpochAccuracies.Count, 0) * (f.EpochSeconds > 0 ? f.EpochSeconds : meanEpoch));
    }

    /// <summary>One line per decision in force ("stopped trial 3: paired: ..."), then the slot time saved; nothing without decisions.</summary>
    public static IEnumerable<string> Lines(ExperimentSnapshot snapshot)
    {
        var active = snapshot.ActiveStops.ToArray();
        foreach (var decision in active)
            yield return $"stopped trial {decision.TrialIndex}{(decision.Fold is { } fold ? $" fold {fold}" : "")}: {decision.Reason}";
        foreach (var trial in snapshot.RunToEnd)
            yield return $"trial {trial} was stopped and is run to the end (sweep retry --stopped)";
        if (active.Length > 0)
        {
            var stoppedFolds = snapshot.Trials.Sum(t => t.FoldsStopped);
            yield return string.Create(CultureInfo.InvariantCulture,
                $"stopping saved about {SlotSecondsSaved(snapshot):F0} slot-seconds ({stoppedFolds} folds stopped)");
        }
    }

    /// <summary>"3/5 folds, stopped" for a trial the rule stopped, "3/5 folds" for any other partial one, "" for a complete trial.</summary>
    public static string Coverage(TrialSummary trial, ExperimentSnapshot snapshot)
    {
        var stopped = snapshot.ActiveStops.Any(d => d.TrialIndex == trial.Index) || trial.FoldsStopped > 0;
        if (!trial.IsPartial && !stopped) return "";
        return $"{trial.Aggregate.FoldsCovered}/{trial.FoldsTotal} folds{(stopped ? ", stopped" : "")}";
    }
}
