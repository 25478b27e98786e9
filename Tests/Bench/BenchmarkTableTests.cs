using Grid.Bench;
using Xunit;

namespace Grid.Tests.Bench;

/// <summary>The table writer of ./grid bench on tiny made-up rows: structure only, never timings.</summary>
[Trait("Category", "Unit")]
public sealed class BenchmarkTableTests
{
    private static readonly MachineInfo Machine = new(2, "Test CPU");

    private static readonly BenchRow[] Rows =
    [
        BenchRow.AtLeast("front end clips/s", "torchaudio 0.13.1", "12.0 clips/s", "10.0 clips/s", 1.2, 1.0, "./grid bench"),
        BenchRow.AtMost("makespan | ideal", "ideal", "10 s", "11 s", 1.1, 1.05, "./grid bench"),
        BenchRow.Informative("cold share", "epoch", "70%", "100%", 0.7, "./grid bench"),
        BenchRow.NotRun("recovery", "—", "—", "not run: no silo", "./grid bench"),
    ];

    private static string[] TableLines() =>
        BenchmarkTable.Render(Rows, Machine, new DateTime(2026, 1, 2, 3, 4, 0, DateTimeKind.Utc), TimeSpan.FromMinutes(1.5))
            .Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.StartsWith('|')).ToArray();

    private static string[] Cells(string line) =>
        System.Text.RegularExpressions.Regex.Split(line.Trim().Trim('|'), @"(?<!\\)\|").Select(c => c.Trim()).ToArray();

    [Fact]
    public void TheTableHasAHeaderASeparatorAndOneRowPerMeasurementWithEveryColumn()
    {
        var lines = TableLines();

        Assert.Equal(2 + Rows.Length, lines.Length);
        Assert.Equal(BenchmarkTable.Columns, Cells(lines[0]));
        Assert.All(Cells(lines[1]), c => Assert.Equal("---", c));
        Assert.All(lines.Skip(2), l => Assert.Equal(BenchmarkTable.Columns.Length, Cells(l).Length));
    }

    [Fact]
    public void EachRowShowsBothFiguresTheRatioTheGoalTheVerdictTheMachineAndTheCommand()
    {
        var rows = TableLines().Skip(2).Select(Cells).ToArray();

        Assert.Equal(["front end clips/s", "torchaudio 0.13.1", "12.0 clips/s", "10.0 clips/s", "1.200", "≥ 1", "met", "2 cores, Test CPU", "`./grid bench`"], rows[0]);
        Assert.Equal(@"makespan \| ideal", rows[1][0]);
        Assert.Equal(("1.100", "≤ 1.05", "**missed**"), (rows[1][4], rows[1][5], rows[1][6]));
        Assert.Equal(("—", "(no goal)"), (rows[2][5], rows[2][6]));
        Assert.Equal(("not run: no silo", "—", "not run"), (rows[3][2], rows[3][4], rows[3][6]));
    }

    [Fact]
    public void TheSummaryCountsMetMissedAndNotRunRows()
    {
        var text = BenchmarkTable.Render(Rows, Machine, DateTime.UnixEpoch, TimeSpan.Zero);

        Assert.StartsWith("# Benchmarks", text, StringComparison.Ordinal);
        Assert.Contains("Goals met: 1, missed: 1, not run: 1.", text, StringComparison.Ordinal);
        Assert.Contains("2 cores, Test CPU", text.Split('\n')[2], StringComparison.Ordinal);
    }
}
