using System.Globalization;
using System.Text;
using Grid.Grains;

namespace Grid.Client;

/// <summary>
/// Trials ranked as <see cref="TrialRanking"/> orders them (stopped trials after complete ones, then by best average
/// validation accuracy: max over epochs of the fold mean), with fold coverage. On a fixed
/// split (GTZAN) the thesis's result stands beside it: test accuracy at the best validation epoch; the ranking stays on
/// validation, since ranking by test accuracy would select on the test set.
/// </summary>
public static class Leaderboard
{
    public static string Render(ExperimentSnapshot snapshot)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"{snapshot.Id} ({snapshot.Name}): {snapshot.State.ToString().ToLowerInvariant()}");
        var fixedSplit = snapshot.Trials.Any(t => t.Aggregate.TestAccuracyAtBest is not null);
        text.AppendLine((fixedSplit ? "rank  trial  test % " : "rank  trial") + "  best avg %      epoch  last epoch %    folds  parameters");
        var ranked = TrialRanking.Order(snapshot.Trials);
        for (var rank = 0; rank < ranked.Count; rank++)
        {
            var trial = ranked[rank];
            var a = trial.Aggregate;
            var test = fixedSplit ? string.Create(CultureInfo.InvariantCulture, $"  {(a.TestAccuracyAtBest is { } t ? SweepTable.Percent(t) : "-"),6}") : "";
            text.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"{rank + 1,4}  {trial.Index,5}{test}  {SweepTable.Percent(a.BestAverageAccuracy),5} ± {SweepTable.Percent(a.BestAverageStd),-5}  {a.BestEpoch,5}  {SweepTable.Percent(a.LastEpochMean),5} ± {SweepTable.Percent(a.LastEpochStd),-5}  {a.FoldsCovered,2}/{trial.FoldsTotal,-2}  {string.Join(" ", trial.Parameters.Select(p => $"{p.Key}={p.Value}"))}")
                + (trial.FoldsStopped > 0 ? $"  stopped (best avg over {StoppingSummary.Coverage(trial, snapshot)})" : ""));
        }
        foreach (var line in StoppingSummary.Lines(snapshot))
            text.AppendLine(line);
        return text.ToString();
    }
}
