namespace Grid.Client.Reports;

/// <summary>The aggregation every section of a report reads: one summary per trial and the ranking by headline accuracy.</summary>
public sealed record ReportAnalysis(ReportData Data, IReadOnlyList<TrialSummary> Summaries, IReadOnlyList<TrialSummary> Ranked)
{
    public bool FixedSplit => Data.Evaluation == Evaluation.FixedSplit;

    /// <summary>"test accuracy" on a fixed split, "best average validation accuracy" under cross-validation.</summary>
    public string HeadlineName => FixedSplit ? "test accuracy" : "best average validation accuracy";

    /// <summary>The headline's spread: none on a fixed split (one test set), the fold standard deviation otherwise.</summary>
    public double HeadlineStd(TrialSummary summary) => FixedSplit ? 0 : summary.BestStd;

    /// <summary>Parameters whose value differs between trials, in first-seen order.</summary>
    public IReadOnlyList<string> SweptParameters =>
        Data.Trials.SelectMany(t => t.Parameters.Keys).Distinct()
            .Where(p => Data.Trials.Select(t => t.Parameters.GetValueOrDefault(p, "")).Distinct().Count() > 1)
            .ToList();

    public static ReportAnalysis Of(ReportData data)
    {
        ReportDataValidation.Check(data);
        var summaries = data.Trials.Select(TrialSummary.Of).ToList();
        // Highest headline first; ties keep the data's order.
        var ranked = summaries.OrderByDescending(s => s.Headline(data.Evaluation)).ToList();
        return new ReportAnalysis(data, summaries, ranked);
    }
}
