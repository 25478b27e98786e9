namespace Grid.Client.Reports;

/// <summary>
/// The aggregation every section of a report reads: one summary per trial with a finished fold (the tables, rankings
/// and parameter plots use only these) and their ranking (<see cref="Rank"/>). Trials with only running folds appear
/// in <see cref="RunningOnly"/> and are drawn in the validation curves alone.
/// </summary>
public sealed record ReportAnalysis(ReportData Data, IReadOnlyList<TrialStatistics> Summaries, IReadOnlyList<TrialStatistics> Ranked)
{
    /// <summary>Trials that have no finished fold yet, only running ones.</summary>
    public IReadOnlyList<TrialData> RunningOnly => Data.Trials.Where(t => t.Folds.Count == 0).ToList();

    /// <summary>The summary of a trial with a finished fold; null for a trial with only running folds.</summary>
    public TrialStatistics? SummaryOf(TrialData trial) => Summaries.FirstOrDefault(s => s.Trial.Name == trial.Name);

    public bool FixedSplit => Data.Evaluation == EvaluationScheme.FixedSplit;

    /// <summary>"test accuracy" on a fixed split, "best average validation accuracy" under cross-validation.</summary>
    public string HeadlineName => FixedSplit ? "test accuracy" : "best average validation accuracy";

    /// <summary>The headline's spread: none on a fixed split (one test set), the fold standard deviation otherwise.</summary>
    public double HeadlineStd(TrialStatistics summary) => FixedSplit ? 0 : summary.BestStd;

    /// <summary>Parameters whose value differs between the tabled trials, in first-seen order.</summary>
    public IReadOnlyList<string> SweptParameters
    {
        get
        {
            var trials = Summaries.Select(s => s.Trial).ToList();
            return trials.SelectMany(t => t.Parameters.Keys).Distinct()
                .Where(p => trials.Select(t => t.Parameters.GetValueOrDefault(p, "")).Distinct().Count() > 1)
                .ToList();
        }
    }

    public static ReportAnalysis Of(ReportData data)
    {
        ReportDataValidation.Check(data);
        var summaries = data.Trials.Where(t => t.Folds.Count > 0).Select(TrialStatistics.Of).ToList();
        return new ReportAnalysis(data, summaries, Rank(summaries));
    }

    /// <summary>
    /// Best validation accuracy first, also on a fixed split (a test-set ranking would select on the test set), trials
    /// with a stopped fold after the others (<see cref="Grid.Grains.TrialRanking"/>); ties keep the given order.
    /// </summary>
    public static IReadOnlyList<TrialStatistics> Rank(IEnumerable<TrialStatistics> summaries) => summaries
        .OrderBy(s => Grid.Grains.TrialRanking.Tier(hasFinishedFold: true, s.Trial.StoppedFolds.Count > 0))
        .ThenByDescending(s => s.BestMean)
        .ToList();
}
