using System.Globalization;
using System.Text;

namespace Grid.Bench;

/// <summary>Writes docs/BENCHMARKS.md: a header naming the run, then one Markdown table row per <see cref="BenchRow"/>.</summary>
public static class BenchmarkTable
{
    public static readonly string[] Columns =
        ["What is measured", "Reference", "Ours", "Reference figure", "Ratio", "Goal", "Verdict", "Machine", "Command"];

    public static string Render(IReadOnlyList<BenchRow> rows, MachineInfo machine, DateTime startedUtc, TimeSpan duration)
    {
        var text = new StringBuilder();
        text.AppendLine("# Benchmarks");
        text.AppendLine();
        var minutes = duration.TotalMinutes.ToString("0.0", CultureInfo.InvariantCulture);
        text.AppendLine($"Written by `./grid bench` on {startedUtc.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC " +
            $"in {minutes} min on {Cell(machine.ToString())}. Every figure is a median over several runs after a warm-up, measured side by " +
            "side with its reference in the same run; the ratio is the figure the goal is stated in. docs/performance.md explains " +
            "the missed goals.");
        text.AppendLine();
        text.AppendLine("| " + string.Join(" | ", Columns) + " |");
        text.AppendLine("|" + string.Concat(Columns.Select(_ => "---|")));
        foreach (var row in rows)
        {
            string[] cells =
            [
                row.Measured, row.Reference, row.Ours, row.Theirs, Ratio(row.Ratio), row.Goal, VerdictText(row.Verdict),
                machine.ToString(), $"`{row.Command}`",
            ];
            text.AppendLine("| " + string.Join(" | ", cells.Select(Cell)) + " |");
        }
        var counts = rows.GroupBy(r => r.Verdict).ToDictionary(g => g.Key, g => g.Count());
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture,
            $"Goals met: {counts.GetValueOrDefault(Verdict.Met)}, missed: {counts.GetValueOrDefault(Verdict.Missed)}, not run: {counts.GetValueOrDefault(Verdict.NotRun)}.");
        return text.ToString();
    }

    private static string Ratio(double? ratio) => ratio switch
    {
        null => "—",
        { } r when Math.Abs(r) is > 0 and < 1e-3 => r.ToString("0.00E+0", CultureInfo.InvariantCulture),
        { } r => r.ToString("0.000", CultureInfo.InvariantCulture),
    };

    private static string VerdictText(Verdict verdict) => verdict switch
    {
        Verdict.Met => "met",
        Verdict.Missed => "**missed**",
        Verdict.Info => "(no goal)",
        _ => "not run",
    };

    // A pipe would end the cell early; a line break would end the row.
    private static string Cell(string text) => text.Replace("|", "\\|").Replace("\r", " ").Replace("\n", " ");
}
