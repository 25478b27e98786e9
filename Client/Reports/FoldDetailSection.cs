using Grid.Client.Reports.Figures;
using Grid.Learning.Analysis;
using Grid.Learning.Metrics;
using Grid.Learning.Runtime;

namespace Grid.Client.Reports;

/// <summary>One held-out fold in detail: per-class precision, recall and F1 (the thesis's Table 3.3), confusion matrices (Figure 3.6) and t-SNE maps (Figure 3.5).</summary>
internal static class FoldDetailSection
{
    // t-SNE's default perplexity, lowered for small folds so it stays below a third of the point count.
    private const double MaxPerplexity = 30;
    private const int MinTsnePoints = 10;

    public static void Add(ReportDocument document, ReportAnalysis analysis)
    {
        var trials = analysis.Summaries.Select(s => s.Trial).Where(t => t.Detail is not null).ToList();
        if (trials.Count == 0)
            return;
        var classes = analysis.Data.Classes;
        var metrics = trials.Select(t => ClassificationMetrics.Compute(t.Detail!.Labels, t.Detail.Predicted, classes.Count)).ToList();
        document.Heading(2, $"Fold {analysis.Data.DetailFold} in detail");
        document.Paragraph("Precision / recall / F1 per class on the held-out data of each trial's detail fold, from its predictions; " +
            "the last rows give the macro average and the accuracy.");
        AddClassTable(document, trials, metrics, classes);
        for (var i = 0; i < trials.Count; i++)
        {
            var trial = trials[i];
            var label = $"{ReportText.TrialLabel(trial)}, fold {trial.Detail!.Fold}";
            document.Heading(3, label);
            document.Figure($"confusion-{FileNames.Slug(trial.Name)}.png",
                $"Confusion matrix of {label}: counts, coloured by share of the true class (accuracy {ReportText.Percent(metrics[i].Accuracy)}%)",
                ConfusionFigure.Render($"Confusion matrix: {label}", metrics[i], classes));
            AddTsne(document, analysis.Data, trial, label);
        }
    }

    private static void AddClassTable(ReportDocument document, IReadOnlyList<TrialData> trials,
        IReadOnlyList<ClassificationMetrics> metrics, IReadOnlyList<string> classes)
    {
        var header = new[] { "class", "support" }.Concat(trials.Select(t => $"{ReportText.TrialLabel(t)} P / R / F1")).ToArray();
        var rows = new List<IReadOnlyList<string>>();
        for (var c = 0; c < classes.Count; c++)
            rows.Add(new[] { classes[c], metrics[0].Support[c].ToString(System.Globalization.CultureInfo.InvariantCulture) }
                .Concat(metrics.Select(m => Triple(m.Precision[c], m.Recall[c], m.F1[c]))).ToArray());
        rows.Add(new[] { "macro average", "" }.Concat(metrics.Select(m => Triple(m.MacroPrecision, m.MacroRecall, m.MacroF1))).ToArray());
        rows.Add(new[] { "accuracy", metrics[0].Support.Sum().ToString(System.Globalization.CultureInfo.InvariantCulture) }
            .Concat(metrics.Select(m => ReportText.Ratio(m.Accuracy))).ToArray());
        document.Table(header, rows);
    }

    private static string Triple(double precision, double recall, double f1) =>
        $"{ReportText.Ratio(precision)} / {ReportText.Ratio(recall)} / {ReportText.Ratio(f1)}";

    private static void AddTsne(ReportDocument document, ReportData data, TrialData trial, string label)
    {
        var detail = trial.Detail!;
        if (detail.Embeddings is not { } embeddings)
            return;
        if (embeddings.Count < MinTsnePoints)
        {
            document.Paragraph($"No t-SNE map for {label}: {embeddings.Count} clips are too few (at least {MinTsnePoints} are needed).");
            return;
        }
        var options = new TsneOptions
        {
            Perplexity = Math.Min(MaxPerplexity, (embeddings.Count - 1) / 3.0),
            Seed = Seeds.Derive(data.Seed, "report", "tsne", trial.Name),
        };
        var map = Tsne.Embed(embeddings, options);
        document.Figure($"tsne-{FileNames.Slug(trial.Name)}.png",
            $"t-SNE (perplexity {ReportText.Number(options.Perplexity)}, final KL divergence {ReportText.Number(map.KlDivergence)}) of the " +
            $"{embeddings.Count} held-out embeddings of {label}, coloured by true class (left) and predicted class (right)",
            TsneFigure.Render($"t-SNE, {trial.Name}", map.Coordinates, detail.Labels, detail.Predicted, data.Classes));
    }
}
