using Grid.Client.Reports;
using Xunit;

namespace Grid.Tests.Reports;

/// <summary>Folds still training: drawn as partial curves in the validation figure, never part of a mean or a table.</summary>
[Trait("Category", "Slow")]
public sealed class RunningFoldsTests : IDisposable
{
    private readonly string _out = Directory.CreateTempSubdirectory("grid-report-running-").FullName;

    public void Dispose() => Directory.Delete(_out, recursive: true);

    /// <summary>The sample sweep with fold 4 of t1 still running and a fourth trial (t4) that has only running folds.</summary>
    private static ReportData WithRunningFolds()
    {
        var data = SampleReport.CrossValidation();
        var t1 = data.Trials[0] with { RunningFolds = [new FoldCurve(4, [0.50, 0.66])] };
        var t4 = data.Trials[1] with
        {
            Name = "t4",
            Protocol = "freeze",
            Parameters = new Dictionary<string, string> { ["lr"] = "0.1", ["batch"] = "64" },
            Folds = [],
            RunningFolds = [new FoldCurve(1, [0.30, 0.45, 0.52]), new FoldCurve(2, [0.35])],
            ChosenK = null,
            Detail = null,
        };
        return data with { Trials = [t1, .. data.Trials.Skip(1), t4] };
    }

    [Fact]
    public void RunningFoldsAreDrawnAndNamedNextToTheFigure()
    {
        var markdown = File.ReadAllText(ReportWriter.Write(WithRunningFolds(), _out));
        var html = File.ReadAllText(Path.Combine(_out, ReportWriter.HtmlFile));

        var figure = Path.Combine(_out, "figures", "validation-resnet-18.png");
        Assert.True(File.Exists(figure));
        Assert.True(new FileInfo(figure).Length > 10_000, "the validation figure looks blank");
        const string caption = "validation accuracy (fold mean, band ±1 standard deviation); dashed lines: running folds, not included in the mean";
        Assert.Contains($"*UrbanSound8K ResNet-18: {caption}*", markdown);
        const string running = "Running: t1 fold 4 (2 epochs); t4 fold 1 (3 epochs), fold 2 (1 epoch).";
        Assert.Contains(running, markdown);
        Assert.Contains("t4 has no finished fold yet: drawn here, left out of the tables.", markdown);
        Assert.Contains(running, html);
        Assert.Contains("3 trials (and 1 with only running folds, drawn in the validation curves but not tabled)", markdown);
    }

    [Fact]
    public void RunningFoldsChangeTheFigureButNoTable()
    {
        var plain = ReportWriter.Build(SampleReport.CrossValidation());
        var running = ReportWriter.Build(WithRunningFolds());
        var (plainMarkdown, runningMarkdown) = (MarkdownRenderer.Render(plain), MarkdownRenderer.Render(running));

        Assert.NotEqual(Validation(plain), Validation(running));
        foreach (var heading in new[] { "## Experiment table", "## Leaderboard", "## Is the winner really better?", "## Fold 1 in detail" })
            Assert.Equal(Section(plainMarkdown, heading), Section(runningMarkdown, heading));
        // t4 alone differs in batch: a parameter figure for it would plot only running folds.
        Assert.Equal(plain.Figures.Select(f => f.FileName), running.Figures.Select(f => f.FileName));
        Assert.DoesNotContain(running.Figures, f => f.FileName == "parameter-batch.png");
    }

    [Fact]
    public void ManyRunningFoldsStillRender()
    {
        var data = SampleReport.CrossValidation();
        var busy = data with
        {
            Trials = data.Trials.Select((t, i) => t with
            {
                RunningFolds = Enumerable.Range(4, 3).Select(f => new FoldCurve(f, [0.3 + 0.1 * i, 0.35 + 0.1 * i + 0.01 * f])).ToList(),
            }).ToList(),
        };

        var document = ReportWriter.Build(busy);

        Assert.True(busy.Trials.Sum(t => t.RunningFolds.Count) > Client.Reports.Figures.ValidationCurvesFigure.MaxRunningFoldEntries);
        Assert.Contains("Running: t1 fold 4 (2 epochs), fold 5 (2 epochs), fold 6 (2 epochs); t2 fold 4", MarkdownRenderer.Render(document));
        Assert.NotEqual(Validation(ReportWriter.Build(data)), Validation(document));
    }

    [Fact]
    public void AFixedSplitTrialStillTrainingNeedsNoTestAccuracy()
    {
        var data = SampleReport.FixedSplit();
        var training = data.Trials[1] with { Name = "g3", Folds = [], RunningFolds = [new FoldCurve(1, [0.4, 0.5])], TestAccuracy = null };

        var markdown = MarkdownRenderer.Render(ReportWriter.Build(data with { Trials = [.. data.Trials, training] }));

        Assert.Contains("Running: g3 fold 1 (2 epochs).", markdown);
        Assert.Equal(["g1", "g2"], MarkdownTables.After(markdown, "## Leaderboard").Rows.Select(r => r[1]));
    }

    [Fact]
    public void RunningFoldsAreSavedAndReadAsJson()
    {
        var path = Path.Combine(_out, "data.json");

        ReportDataJson.Write(WithRunningFolds(), path);
        var read = ReportDataJson.Read(path);

        Assert.Equal([0.30, 0.45, 0.52], read.Trials[3].RunningFolds[0].ValidationAccuracy);
        Assert.Equal(MarkdownRenderer.Render(ReportWriter.Build(WithRunningFolds())), MarkdownRenderer.Render(ReportWriter.Build(read)));
    }

    [Theory]
    [InlineData("out of range", "trial t1, running fold 4, epoch 2: accuracy 1.2 is not a fraction in [0, 1]")]
    [InlineData("empty", "trial t1, running fold 4: ValidationAccuracy is empty")]
    [InlineData("both lists", "trial t1: fold 3 is both finished (Folds) and running (RunningFolds)")]
    [InlineData("twice", "trial t1: a running fold number appears twice")]
    [InlineData("only running", "no fold has finished yet (the trials have only running folds): nothing to report")]
    [InlineData("no folds at all", "trial t1 has no folds")]
    public void InvalidRunningFoldsAreRejectedNamingTrialFoldAndEpoch(string problem, string expected)
    {
        var data = SampleReport.CrossValidation();
        var t1 = data.Trials[0];
        IReadOnlyList<TrialData> broken = problem switch
        {
            "out of range" => [t1 with { RunningFolds = [new FoldCurve(4, [0.5, 1.2])] }],
            "empty" => [t1 with { RunningFolds = [new FoldCurve(4, [])] }],
            "both lists" => [t1 with { RunningFolds = [new FoldCurve(3, [0.5])] }],
            "twice" => [t1 with { RunningFolds = [new FoldCurve(4, [0.5]), new FoldCurve(4, [0.6])] }],
            "only running" => [t1 with { Folds = [], RunningFolds = [new FoldCurve(4, [0.5])] }],
            _ => [t1 with { Folds = [] }],
        };

        var error = Assert.Throws<ArgumentException>(() => ReportWriter.Build(data with { Trials = broken }));

        Assert.Contains(expected, error.Message);
    }

    private static byte[] Validation(ReportDocument document) =>
        document.Figures.Single(f => f.FileName == "validation-resnet-18.png").Png;

    /// <summary>The Markdown from the heading line to the next level-2 heading.</summary>
    private static string Section(string markdown, string heading)
    {
        var start = markdown.IndexOf($"\n{heading}\n", StringComparison.Ordinal);
        Assert.True(start >= 0, $"no section {heading}");
        var end = markdown.IndexOf("\n## ", start + heading.Length + 1, StringComparison.Ordinal);
        return end < 0 ? markdown[start..] : markdown[start..end];
    }
}
