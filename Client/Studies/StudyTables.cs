using System.Globalization;
using System.Text;
using Grid.Grains;
using Grid.Grains.Specs;

namespace Grid.Client.Studies;

/// <summary>One downstream dataset of a study with what the tables need: its plan and its experiment's snapshot.</summary>
public sealed record StudyDatasetResult(string Layout, string ExperimentId, SweepPlan Plan, ExperimentSnapshot Snapshot)
{
    /// <summary>GTZAN's fixed split reports test accuracy at the best validation epoch, as the thesis's table 3.5.</summary>
    public bool FixedSplit => Layout == "gtzan";
}

/// <summary>A study's tables in the thesis's shape: per dataset, our row, the thesis's row and the difference.</summary>
public static class StudyTables
{
    public static IReadOnlyList<string> Header(ThesisReference reference) => ["", .. reference.Columns];

    /// <summary>Rows "grid", "thesis (table N)" and "difference (points)"; cells "–" where a column did not run.</summary>
    public static IReadOnlyList<IReadOnlyList<string>> Rows(StudyDatasetResult result, ThesisReference reference)
    {
        var cells = reference.Columns.Select(c => StudyColumns.Cell(c, result.Plan, result.Snapshot, result.FixedSplit)).ToList();
        var ours = new List<string> { "grid" };
        ours.AddRange(cells.Select(c => c is null ? "–" : Ours(c)));
        var rows = new List<IReadOnlyList<string>> { ours };
        if (reference.Datasets.TryGetValue(result.Layout, out var table))
        {
            rows.Add(new[] { $"thesis (table {table.Table})" }.Concat(reference.Columns.Select(c =>
                table.Accuracy.TryGetValue(c, out var a) ? Percent(a) : "–")).ToArray());
            rows.Add(new[] { "difference (points)" }.Concat(reference.Columns.Select((c, i) =>
                cells[i] is { } cell && double.IsFinite(cell.Accuracy) && table.Accuracy.TryGetValue(c, out var a)
                    ? string.Create(CultureInfo.InvariantCulture, $"{100 * (cell.Accuracy - a):+0.0;-0.0;0.0}")
                    : "–")).ToArray());
        }
        return rows;
    }

    /// <summary>What a dataset's table measures, and how far it is from complete.</summary>
    public static string Caption(StudyDatasetResult result, ThesisReference reference)
    {
        var measure = result.FixedSplit
            ? "test accuracy (%) at the best validation epoch"
            : $"best average validation accuracy (%) over {result.Plan.Spec.Dataset.Folds.Count} folds ± standard deviation";
        var thesis = reference.Datasets.TryGetValue(result.Layout, out var table)
            ? $" Thesis: table {table.Table}, {table.Measure} (its kNN used K = {table.KnnK})."
            : " The thesis has no table for this dataset.";
        return $"{result.Layout} ({result.ExperimentId}, {result.Snapshot.State.ToString().ToLowerInvariant()}): {measure}.{thesis}";
    }

    /// <summary>Plain-text tables for the console, one per dataset.</summary>
    public static string Render(IReadOnlyList<StudyDatasetResult> results, ThesisReference reference)
    {
        var text = new StringBuilder();
        foreach (var result in results)
        {
            text.AppendLine(Caption(result, reference));
            var rows = new List<IReadOnlyList<string>> { Header(reference) };
            rows.AddRange(Rows(result, reference));
            var widths = Enumerable.Range(0, rows[0].Count).Select(i => rows.Max(r => r[i].Length)).ToArray();
            foreach (var row in rows)
                text.AppendLine(string.Join("  ", row.Select((cell, i) => i == 0 ? cell.PadRight(widths[i]) : cell.PadLeft(widths[i]))).TrimEnd());
            text.AppendLine();
        }
        return text.ToString();
    }

    private static string Ours(StudyCell cell)
    {
        var value = double.IsFinite(cell.Accuracy) ? Percent(cell.Accuracy) : "n/a";
        var spread = cell.FoldsTotal > 1 ? string.Create(CultureInfo.InvariantCulture, $" ± {100 * cell.Std:0.0}") : "";
        var partial = cell.FoldsCovered < cell.FoldsTotal ? $" ({cell.FoldsCovered}/{cell.FoldsTotal} folds)" : "";
        return value + spread + partial;
    }

    private static string Percent(double accuracy) => string.Create(CultureInfo.InvariantCulture, $"{100 * accuracy:0.0}");
}
