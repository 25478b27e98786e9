using Grid.Client.Reports.Figures;

namespace Grid.Client.Reports;

/// <summary>The thesis's results: the experiment table, validation curves per table row and pretraining losses.</summary>
internal static class ExperimentSection
{
    public static void Add(ReportDocument document, ReportAnalysis analysis)
    {
        AddTable(document, analysis);
        AddValidationCurves(document, analysis);
        AddPretrainingLosses(document, analysis);
    }

    private static void AddTable(ReportDocument document, ReportAnalysis analysis)
    {
        document.Heading(2, "Experiment table");
        document.Paragraph(analysis.FixedSplit
            ? "Test accuracy (%) of each method on the fixed split, from the epoch with the best validation accuracy (shown as ep). kNN cells give the K chosen by cross-validation. Where several trials share a cell, the one with the best validation accuracy is shown and named: choosing by test accuracy would tune on the test set."
            : "Best average validation accuracy (%) over the folds ± its standard deviation, and the epoch of the best average (ep). kNN cells give the K chosen by cross-validation. Where several trials share a cell, the best is shown and named.");
        var methods = analysis.Summaries.Select(s => s.Trial).OrderBy(ReportText.MethodOrder).Select(t => t.Method).Distinct().ToList();
        var groups = analysis.Summaries.Select(s => s.Trial.Group).Distinct().ToList();
        var rows = groups.Select(group => (IReadOnlyList<string>)new[] { group }
            .Concat(methods.Select(method => Cell(analysis, analysis.Summaries.Where(s => s.Trial.Group == group && s.Trial.Method == method).ToList())))
            .ToArray());
        document.Table(new[] { "" }.Concat(methods).ToArray(), rows);
    }

    /// <summary>The best of the trials in one table cell, or "–" when there are none.</summary>
    public static string Cell(ReportAnalysis analysis, IReadOnlyList<TrialStatistics> candidates)
    {
        if (candidates.Count == 0)
            return "–";
        var best = ReportAnalysis.Rank(candidates)[0];
        var value = analysis.FixedSplit
            ? ReportText.Percent(best.Trial.TestAccuracy!.Value)
            : ReportText.MeanStd(best.BestMean, best.BestStd);
        var notes = new List<string> { $"ep {best.BestEpoch}" };
        if (best.Trial.ChosenK is { } k)
            notes.Add($"K={k}");
        if (candidates.Count > 1)
            notes.Add($"best of {candidates.Count}: {best.Trial.Name}");
        return $"{value} ({string.Join(", ", notes)})";
    }

    private static void AddValidationCurves(ReportDocument document, ReportAnalysis analysis)
    {
        document.Heading(2, "Validation curves");
        var band = analysis.FixedSplit ? "validation split; diamonds: test accuracy" : "fold mean, band ±1 standard deviation";
        foreach (var group in analysis.Data.Trials.GroupBy(t => t.Group))
        {
            var title = $"{Prefix(analysis)}{group.Key}: validation accuracy ({band})";
            var trials = group.OrderBy(ReportText.MethodOrder).Select(t => new ValidationCurvesFigure.Series(t, analysis.SummaryOf(t))).ToList();
            var running = trials.Any(t => t.Trial.RunningFolds.Count > 0);
            var caption = running ? $"{title}; dashed lines: running folds, not included in the mean" : title;
            document.Figure($"validation-{FileNames.Slug(group.Key)}.png", caption, ValidationCurvesFigure.Render(title, trials));
            if (running)
                document.Paragraph(RunningFoldsText(trials.Select(t => t.Trial).ToList()));
        }
        foreach (var summary in analysis.Summaries.Where(s => s.Trial.Folds.Any(f => f.ValidationAccuracy.Count > s.MeanPerEpoch.Count)))
        {
            var longer = summary.Trial.Folds.Where(f => f.ValidationAccuracy.Count > summary.MeanPerEpoch.Count)
                .Select(f => $"fold {f.Fold} has {f.ValidationAccuracy.Count}");
            document.Paragraph($"Trial {summary.Trial.Name} uses the first {summary.MeanPerEpoch.Count} epochs, those every fold completed ({string.Join(", ", longer)}).");
        }
    }

    /// <summary>Which folds of a figure are running and drawn dashed, and which trials are drawn but not tabled.</summary>
    private static string RunningFoldsText(IReadOnlyList<TrialData> trials)
    {
        var running = trials.Where(t => t.RunningFolds.Count > 0).Select(t => $"{t.Name} " + string.Join(", ",
            t.RunningFolds.Select(f => $"fold {f.Fold} ({ReportText.EpochCount(f.ValidationAccuracy.Count)})")));
        var text = "Dashed lines are folds still running, drawn with the epochs they have finished so far; they are not included " +
            $"in the fold mean, its band or any table. Running: {string.Join("; ", running)}.";
        var untabled = trials.Where(t => t.Folds.Count == 0).Select(t => t.Name).ToList();
        return untabled.Count == 0 ? text
            : $"{text} {string.Join(", ", untabled)} {(untabled.Count == 1 ? "has" : "have")} no finished fold yet: drawn here, left out of the tables.";
    }

    private static void AddPretrainingLosses(ReportDocument document, ReportAnalysis analysis)
    {
        if (analysis.Data.Pretraining.Count == 0)
            return;
        document.Heading(2, "Pretraining loss");
        foreach (var method in analysis.Data.Pretraining.GroupBy(c => c.Method))
        {
            var curves = method.ToList();
            var final = string.Join("; ", curves.Select(c => $"{c.Label}: {ReportText.Number(c.Loss[^1])} after {c.Loss.Count} epochs"));
            document.Figure($"pretraining-{FileNames.Slug(method.Key)}.png", $"{method.Key} pretraining loss per epoch ({final})",
                LossCurvesFigure.Render(method.Key, curves));
        }
    }

    private static string Prefix(ReportAnalysis analysis) =>
        analysis.Data.Dataset.Length > 0 ? $"{analysis.Data.Dataset} " : "";
}
