using System.Globalization;
using System.Text;
using Grid.Grains;

namespace Grid.Client;

/// <summary>Renders an experiment snapshot as the plain-text table of <c>grid sweep status</c>.</summary>
public static class SweepTable
{
    private const int BarWidth = 10;

    public static string Render(ExperimentSnapshot snapshot)
    {
        var text = new StringBuilder();
        var folds = snapshot.Trials.SelectMany(t => t.Folds).ToArray();
        var done = folds.Count(f => f.State.IsTerminal());
        text.AppendLine(CultureInfo.InvariantCulture,
            $"{snapshot.Id} ({snapshot.Name}): {snapshot.State.ToString().ToLowerInvariant()}, {snapshot.Trials.Count} trials, folds {done}/{folds.Length}, ETA {FormatEta(Eta(snapshot))}");
        var rows = new List<string[]> { new[] { "trial", "parameters", "folds", "epoch", "last mean±std", "best avg±std", "running", "data wait %" } };
        rows.AddRange(snapshot.Trials.Select(trial => Row(trial, snapshot)));
        var widths = Enumerable.Range(0, rows[0].Length).Select(c => rows.Max(r => r[c].Length)).ToArray();
        foreach (var row in rows)
            text.AppendLine(string.Join("  ", row.Select((cell, c) => cell.PadRight(widths[c]))).TrimEnd());
        foreach (var failed in folds.Where(f => f.State == FoldState.Failed))
            text.AppendLine(CultureInfo.InvariantCulture, $"failed {failed.Key} after {failed.Attempts} attempts: {failed.Error}");
        foreach (var line in StoppingSummary.Lines(snapshot))
            text.AppendLine(line);
        return text.ToString();
    }

    /// <summary>Remaining epochs × mean seconds per epoch ÷ folds running now; null before any epoch is timed.</summary>
    public static TimeSpan? Eta(ExperimentSnapshot snapshot)
    {
        var folds = snapshot.Trials.SelectMany(t => t.Folds).ToArray();
        var timed = folds.Where(f => f.EpochSeconds > 0).ToArray();
        var remaining = folds.Where(f => !f.State.IsTerminal()).Sum(f => Math.Max(f.TotalEpochs - f.EpochAccuracies.Count, 0));
        if (remaining == 0) return TimeSpan.Zero;
        if (timed.Length == 0) return null;
        var running = Math.Max(folds.Count(f => f.State == FoldState.Running), 1);
        return TimeSpan.FromSeconds(remaining * timed.Average(f => f.EpochSeconds) / running);
    }

    private static string[] Row(TrialSummary trial, ExperimentSnapshot snapshot)
    {
        var running = trial.Folds.Where(f => f.State == FoldState.Running).ToArray();
        var aggregate = trial.Aggregate;
        var epoch = running.Length == 0 ? "-" : string.Join(",", running.Select(f => $"{f.EpochAccuracies.Count}/{f.TotalEpochs}"));
        var finished = trial.FoldsSucceeded + trial.FoldsFailed + trial.FoldsCancelled;
        return
        [
            trial.Index.ToString(CultureInfo.InvariantCulture),
            trial.Parameters.Count == 0 ? "-" : string.Join(" ", trial.Parameters.Select(p => $"{ShortName(p.Key)}={p.Value}")),
            $"{Bar(finished, trial.FoldsTotal)} {trial.FoldsSucceeded}/{trial.FoldsTotal}" + (trial.FoldsFailed > 0 ? $" ({trial.FoldsFailed} failed)" : "")
                + (trial.FoldsStopped > 0 ? $" ({trial.FoldsStopped} stopped)" : ""),
            epoch,
            aggregate.FoldsCovered == 0 ? "-" : $"{Percent(aggregate.LastEpochMean)}±{Percent(aggregate.LastEpochStd)}",
            aggregate.FoldsCovered == 0 ? "-" : $"{Percent(aggregate.BestAverageAccuracy)}±{Percent(aggregate.BestAverageStd)} @{aggregate.BestEpoch}"
                + (aggregate.TestAccuracyAtBest is { } test ? $" test {Percent(test)}" : "")
                + (trial.FoldsStopped > 0 ? $" ({StoppingSummary.Coverage(trial, snapshot)})" : ""),
            running.Length == 0 ? "-" : string.Join(" ", running.Select(f => $"f{f.Fold}@{SiloEndpoint(f.Silo)}/{(f.Device is >= 0 ? $"cuda:{f.Device}" : "cpu")}")),
            DataWait(running.Length > 0 ? running : trial.Folds),
        ];
    }

    /// <summary>
    /// The mean "data wait %" of the folds' latest epochs (running folds while any run): the share of an epoch the
    /// training thread waited for batches; "-" before any epoch is timed.
    /// </summary>
    public static string DataWait(IEnumerable<FoldStatus> folds)
    {
        var shares = folds.Select(f => f.DataWaitShare).OfType<double>().ToArray();
        return shares.Length == 0 ? "-" : Percent(shares.Average());
    }

    public static string Bar(int done, int total)
    {
        var filled = total == 0 ? 0 : (int)Math.Round((double)BarWidth * done / total);
        return "[" + new string('#', filled) + new string('.', BarWidth - filled) + "]";
    }

    /// <summary>"S127.0.0.1:11111:154664923" (Orleans' silo address with its generation) as "127.0.0.1:11111".</summary>
    public static string SiloEndpoint(string? silo)
    {
        if (string.IsNullOrEmpty(silo)) return "?";
        var address = silo.StartsWith('S') ? silo[1..] : silo;
        var generation = address.LastIndexOf(':');
        return generation > address.IndexOf(':') ? address[..generation] : address;
    }

    public static string Percent(double accuracy) => (100 * accuracy).ToString("F1", CultureInfo.InvariantCulture);

    private static string ShortName(string path) => path[(path.LastIndexOf('.') + 1)..];

    private static string FormatEta(TimeSpan? eta) => eta switch
    {
        null => "unknown",
        { TotalHours: >= 1 } hours => $"{(int)hours.TotalHours}h{hours.Minutes:D2}m",
        { } minutes => $"{minutes.Minutes}m{minutes.Seconds:D2}s",
    };
}
