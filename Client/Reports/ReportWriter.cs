namespace Grid.Client.Reports;

/// <summary>Writes a report: OUT/report.md, OUT/report.html (figures embedded) and OUT/figures/*.png.</summary>
public static class ReportWriter
{
    public const string MarkdownFile = "report.md";
    public const string HtmlFile = "report.html";

    /// <summary>Builds the report's content from <paramref name="data"/>; every number comes from one <see cref="ReportAnalysis"/>.</summary>
    public static ReportDocument Build(ReportData data)
    {
        var analysis = ReportAnalysis.Of(data);
        var document = new ReportDocument();
        document.Heading(1, data.ExperimentName);
        document.Paragraph(Overview(analysis));
        foreach (var note in data.Notes)
            document.Paragraph($"Note: {note}");
        ExperimentSection.Add(document, analysis);
        SweepSection.Add(document, analysis);
        FoldDetailSection.Add(document, analysis);
        return document;
    }

    /// <summary>Renders and writes the report, returning the path of report.md.</summary>
    public static string Write(ReportData data, string outDirectory)
    {
        var document = Build(data);
        var figures = Path.Combine(outDirectory, MarkdownRenderer.FigureFolder);
        Directory.CreateDirectory(figures);
        foreach (var figure in document.Figures)
            File.WriteAllBytes(Path.Combine(figures, figure.FileName), figure.Png);
        var markdown = Path.Combine(outDirectory, MarkdownFile);
        File.WriteAllText(markdown, MarkdownRenderer.Render(document));
        File.WriteAllText(Path.Combine(outDirectory, HtmlFile), HtmlRenderer.Render(document, data.ExperimentName));
        return markdown;
    }

    private static string Overview(ReportAnalysis analysis)
    {
        var data = analysis.Data;
        var dataset = data.Dataset.Length > 0 ? $"{data.Dataset}, " : "";
        var evaluation = analysis.FixedSplit
            ? "a fixed train/validation/test split (test accuracy reported)"
            : $"{analysis.Summaries.Max(s => s.FoldCount)}-fold cross-validation (fold averages reported)";
        var running = analysis.RunningOnly.Count == 0 ? ""
            : $" (and {analysis.RunningOnly.Count} with only running folds, drawn in the validation curves but not tabled)";
        return $"{dataset}{data.Classes.Count} classes, {analysis.Summaries.Count} trials{running}, {evaluation}. Accuracies are percentages.";
    }
}
