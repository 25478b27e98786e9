using Grid.Client.Reports;
using Grid.Grains.Specs;

namespace Grid.Client.Studies;

/// <summary>
/// <c>study.md</c> and <c>study.html</c>: per dataset, the thesis's table with its published row and the difference, the
/// pretraining corpus and whether it overlaps the held-out folds, and links to the dataset's own sweep report
/// (validation curves with ±1 std bands, pretraining losses, fold detail).
/// </summary>
public static class StudyReport
{
    public static string Write(string studyId, IReadOnlyList<StudyDatasetResult> results, ThesisReference reference, string directory)
    {
        var document = new ReportDocument();
        document.Heading(1, $"Study {studyId}");
        document.Paragraph($"Reference rows: {reference.Source}. Accuracies in %; differences in percentage points (ours − thesis). " +
            "A column is one pretraining method × downstream protocol; kNN cells come from the K chosen by cross-validation.");
        foreach (var result in results)
        {
            document.Heading(2, result.Layout);
            document.Paragraph(StudyTables.Caption(result, reference));
            document.Table(StudyTables.Header(reference), StudyTables.Rows(result, reference));
            document.Paragraph(CorpusNote(result.Plan));
            document.Paragraph(SettingsNote(result.Plan));
            document.Paragraph($"Curves, pretraining losses and the detail of fold {result.Plan.Spec.Dataset.Folds[0]}: [{result.Layout}/report.md]({result.Layout}/report.md).");
        }
        Directory.CreateDirectory(directory);
        var markdown = Path.Combine(directory, "study.md");
        File.WriteAllText(markdown, MarkdownRenderer.Render(document));
        File.WriteAllText(Path.Combine(directory, "study.html"), HtmlRenderer.Render(document, $"Study {studyId}"));
        return markdown;
    }

    /// <summary>
    /// The downstream settings as the spec gave them: the thesis states the 30 epochs, the protocols and the augmentations,
    /// not the rates, batch sizes, pitch-shift range or front end, so these are the user's.
    /// </summary>
    public static string SettingsNote(SweepPlan plan)
    {
        var job = plan.Spec.Job;
        string Block(string name) => job[name]?.ToJsonString() ?? "{} (the defaults)";
        return $"Settings from the spec (where the thesis is silent, these are the user's): model {Block("model")}; training {Block("training")}; features {Block("features")}.";
    }

    /// <summary>Which corpus each pretraining run learnt from, and whether it saw clips of the held-out folds.</summary>
    public static string CorpusNote(SweepPlan plan)
    {
        var corpora = plan.Trials.Select(t => t.Folds[0].Pretraining).Where(p => p is not null).Select(p => p!)
            .Select(p => (p.DatasetLocation, Request: SweepReports.TrialMethods.Pretraining(p)!)).DistinctBy(p => p.DatasetLocation + p.Request.Layout).ToList();
        if (corpora.Count == 0) return "No trial of this dataset starts from a pretraining run.";
        return string.Join(" ", corpora.Select(c =>
        {
            var corpus = new DatasetSpec(c.Request.Layout, c.DatasetLocation, c.Request.Folds);
            var overlap = PretrainingCorpus.OverlapsHeldOutFolds(corpus, plan.Spec.Dataset);
            return $"Pretraining corpus: {c.Request.Layout} at {c.DatasetLocation}" +
                (c.Request.Folds.Count == 0 ? " (all clips, labels unused)" : $" (folds {string.Join(", ", c.Request.Folds)})") +
                (overlap ? ": it includes clips of the held-out folds, so freeze and kNN results are transductive." : ": disjoint from the downstream dataset's held-out folds.");
        }));
    }
}
