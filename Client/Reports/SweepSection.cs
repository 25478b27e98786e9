using Grid.Client.Reports.Figures;

namespace Grid.Client.Reports;

/// <summary>The sweep's view: the leaderboard, accuracy against each swept parameter and the paired comparison of the best two.</summary>
internal static class SweepSection
{
    private const double Significance = 0.05;

    public static void Add(ReportDocument document, ReportAnalysis analysis)
    {
        AddLeaderboard(document, analysis);
        AddParameterFigures(document, analysis);
        AddPairedComparison(document, analysis);
    }

    private static void AddLeaderboard(ReportDocument document, ReportAnalysis analysis)
    {
        document.Heading(2, "Leaderboard");
        document.Paragraph(analysis.FixedSplit
            ? "All trials ranked by their best validation accuracy (ranking by test accuracy would select on the test set), with the test accuracy of that epoch and the validation accuracy of the last epoch."
            : $"All trials ranked by {analysis.HeadlineName}{(analysis.Summaries.Any(s => s.Trial.StoppedFolds.Count > 0) ? ", trials a stopping rule stopped after the others (their average covers only the folds they kept)" : "")}. Last epoch: fold mean ± standard deviation of the final epoch every fold completed.");
        string[] header = analysis.FixedSplit
            ? ["rank", "trial", "method", "group", "parameters", "test accuracy (%)", "best validation (%)", "best epoch", "last validation (%)", "K"]
            : ["rank", "trial", "method", "group", "parameters", "best avg. accuracy (%)", "best epoch", "last epoch (%)", "folds", "K"];
        document.Table(header, analysis.Ranked.Select((s, i) => LeaderboardRow(analysis, s, i + 1)));
    }

    private static IReadOnlyList<string> LeaderboardRow(ReportAnalysis analysis, TrialStatistics s, int rank)
    {
        var culture = System.Globalization.CultureInfo.InvariantCulture;
        var trial = s.Trial;
        var parameters = string.Join(", ", trial.Parameters.Select(p => $"{p.Key}={p.Value}"));
        var k = trial.ChosenK?.ToString(culture) ?? "";
        return analysis.FixedSplit
            ? [rank.ToString(culture), trial.Name, trial.Method, trial.Group, parameters, ReportText.Percent(trial.TestAccuracy!.Value),
                ReportText.Percent(s.BestMean), s.BestEpoch.ToString(culture), ReportText.Percent(s.LastMean), k]
            : [rank.ToString(culture), trial.Name, trial.Method, trial.Group, parameters, ReportText.MeanStd(s.BestMean, s.BestStd),
                s.BestEpoch.ToString(culture), ReportText.MeanStd(s.LastMean, s.LastStd), Folds(s), k];
    }

    /// <summary>"5", or "3 (2 stopped)" for a trial a stopping rule stopped.</summary>
    private static string Folds(TrialStatistics s)
    {
        var count = s.FoldCount.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return s.Trial.StoppedFolds.Count == 0 ? count : $"{count} ({s.Trial.StoppedFolds.Count} stopped)";
    }

    private static void AddParameterFigures(ReportDocument document, ReportAnalysis analysis)
    {
        var parameters = analysis.SweptParameters;
        if (parameters.Count == 0)
            return;
        document.Heading(2, "Accuracy against swept parameters");
        foreach (var parameter in parameters)
        {
            var points = analysis.Summaries.Where(s => s.Trial.Parameters.ContainsKey(parameter))
                .Select(s => new ParameterFigure.Point(s.Trial.Parameters[parameter], s, s.Headline(analysis.Data.Evaluation), analysis.HeadlineStd(s)))
                .ToList();
            var errorBars = analysis.FixedSplit ? "" : ", error bars ±1 standard deviation over folds";
            document.Figure($"parameter-{FileNames.Slug(parameter)}.png", $"{Capitalised(analysis.HeadlineName)} against {parameter}{errorBars}",
                ParameterFigure.Render(parameter, analysis.HeadlineName, points));
        }
    }

    private static void AddPairedComparison(ReportDocument document, ReportAnalysis analysis)
    {
        document.Heading(2, "Is the winner really better?");
        if (analysis.FixedSplit)
        {
            document.Paragraph("Not applicable: a fixed split gives one test accuracy per trial, so there are no paired folds to test.");
            return;
        }
        var comparison = PairedComparison.OfBestTwo(analysis.Ranked);
        if (comparison is null)
        {
            document.Paragraph("Not applicable: it needs two trials that share at least two folds.");
            return;
        }
        var (first, second) = (comparison.First.Trial, comparison.Second.Trial);
        document.Paragraph($"{ReportText.TrialLabel(first)} against {ReportText.TrialLabel(second)}, the best two trials, over the " +
            $"{comparison.Folds.Count} folds both ran, each at its own best-average epoch ({comparison.First.BestEpoch} and {comparison.Second.BestEpoch}).");
        document.Table(["fold", $"{first.Name} (%)", $"{second.Name} (%)", "difference (points)"],
            comparison.Folds.Select((fold, i) => (IReadOnlyList<string>)
            [
                fold.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ReportText.Percent(comparison.FirstAccuracies[i]),
                ReportText.Percent(comparison.SecondAccuracies[i]),
                ReportText.Percent(comparison.FirstAccuracies[i] - comparison.SecondAccuracies[i]),
            ]));
        document.Figure("paired-best-two.png", $"Validation accuracy of {first.Name} and {second.Name} on each fold, at their best-average epochs",
            PairedFigure.Render(comparison));
        var t = comparison.TTest;
        var w = comparison.Wilcoxon;
        document.Table(["test", "statistic", "p (two-sided)", "notes"],
        [
            ["paired t-test", $"t = {ReportText.Number(t.Statistic)}", ReportText.PValue(t.PValue),
                $"{t.DegreesOfFreedom} degrees of freedom, mean difference {ReportText.Percent(t.MeanDifference)} points"],
            ["Wilcoxon signed-rank", $"W = {ReportText.Number(w.Statistic)}", ReportText.PValue(w.PValue),
                (w.Exact ? "exact" : "normal approximation with tie correction") + $", {w.Count} non-zero differences, {w.Zeros} zero (dropped)"],
        ]);
        document.Paragraph(Verdict(comparison));
    }

    private static string Verdict(PairedComparison comparison)
    {
        var significant = new List<string>();
        if (comparison.TTest.PValue < Significance)
            significant.Add("the t-test");
        if (comparison.Wilcoxon.PValue < Significance)
            significant.Add("the Wilcoxon test");
        var verdict = significant.Count switch
        {
            2 => "Both tests find the difference significant at the 5% level.",
            1 => $"Only {significant[0]} finds the difference significant at the 5% level.",
            _ => "Neither test finds the difference significant at the 5% level: the ranking of these two may be noise.",
        };
        return $"{verdict} With {comparison.Folds.Count} folds an exact Wilcoxon test cannot give a two-sided p below {ReportText.PValue(comparison.SmallestExactWilcoxonP)}.";
    }

    private static string Capitalised(string text) => char.ToUpperInvariant(text[0]) + text[1..];
}
