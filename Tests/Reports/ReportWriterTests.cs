using System.Text.RegularExpressions;
using Grid.Client.Reports;
using Grid.Learning.Analysis;
using Xunit;

namespace Grid.Tests.Reports;

[Trait("Category", "Slow")]
public sealed partial class ReportWriterTests : IDisposable
{
    private readonly string _out = Path.Combine(Path.GetTempPath(), "grid-report-test-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_out))
            Directory.Delete(_out, recursive: true);
    }

    [Fact]
    public void WritesMarkdownHtmlAndEveryFigureAsAPng()
    {
        var markdownPath = ReportWriter.Write(SampleReport.CrossValidation(), _out);

        var markdown = File.ReadAllText(markdownPath);
        var html = File.ReadAllText(Path.Combine(_out, "report.html"));
        var linked = ImageLink().Matches(markdown).Select(m => m.Groups[1].Value).ToList();
        string[] expected =
        [
            "validation-resnet-18.png", "pretraining-moco.png", "pretraining-npid.png", "parameter-lr.png", "paired-best-two.png",
            "confusion-t1.png", "confusion-t2.png", "confusion-t3.png", "tsne-t1.png", "tsne-t2.png", "tsne-t3.png",
        ];
        Assert.Equal(expected.Order(), linked.Order());
        Assert.Equal(expected.Order(), Directory.GetFiles(Path.Combine(_out, "figures")).Select(Path.GetFileName).Order());
        foreach (var name in expected)
        {
            var png = File.ReadAllBytes(Path.Combine(_out, "figures", name));
            var (width, height) = PngSize(png, name);
            Assert.InRange(width, 500, 3000);
            Assert.InRange(height, 400, 2000);
            Assert.True(png.Length > 10_000, $"{name} has only {png.Length} bytes: is it blank?");
            Assert.Contains($"data:image/png;base64,{Convert.ToBase64String(png)}\"", html);
        }
        Assert.Equal(expected.Length, Regex.Matches(html, "data:image/png;base64,").Count);
    }

    [Fact]
    public void ExperimentTableCellsAreTheFoldAggregation()
    {
        var data = SampleReport.CrossValidation();

        var markdown = MarkdownRenderer.Render(ReportWriter.Build(data));

        var (header, rows) = MarkdownTables.After(markdown, "## Experiment table");
        Assert.Equal(["", "MoCo fine-tune", "MoCo kNN", "Scratch"], header);
        var row = Assert.Single(rows);
        Assert.Equal("ResNet-18", row[0]);
        foreach (var trial in data.Trials)
        {
            var (mean, std, epoch) = BestAverage(trial);
            var k = trial.ChosenK is { } chosen ? $", K={chosen}" : "";
            Assert.Equal($"{ReportText.MeanStd(mean, std)} (ep {epoch}{k})", row[Array.IndexOf(header, trial.Method)]);
        }
        // Hand-checked: t1's fold mean peaks at epoch 3 with folds 0.74, 0.71, 0.77 → 74.00 ± 3.00.
        Assert.Equal("74.00 ± 3.00 (ep 3)", row[1]);
    }

    [Fact]
    public void LeaderboardRanksTrialsAndShowsTheLastEpoch()
    {
        var data = SampleReport.CrossValidation();

        var (header, rows) = MarkdownTables.After(MarkdownRenderer.Render(ReportWriter.Build(data)), "## Leaderboard");

        var ranked = data.Trials.OrderByDescending(t => BestAverage(t).Mean).ToList();
        Assert.Equal(ranked.Select(t => t.Name), rows.Select(r => r[1]));
        for (var i = 0; i < ranked.Count; i++)
        {
            var last = ranked[i].Folds.Select(f => f.ValidationAccuracy[^1]).ToArray();
            Assert.Equal(ReportText.MeanStd(last.Average(), SampleStd(last)), rows[i][Array.IndexOf(header, "last epoch (%)")]);
            Assert.Equal(BestAverage(ranked[i]).Epoch.ToString(), rows[i][Array.IndexOf(header, "best epoch")]);
        }
    }

    [Fact]
    public void PairedComparisonTestsTheBestTwoAtTheirBestEpochs()
    {
        var data = SampleReport.CrossValidation();

        var markdown = MarkdownRenderer.Render(ReportWriter.Build(data));

        var best = data.Trials.OrderByDescending(t => BestAverage(t).Mean).Take(2).ToArray();
        var a = best[0].Folds.Select(f => f.ValidationAccuracy[BestAverage(best[0]).Epoch - 1]).ToArray();
        var b = best[1].Folds.Select(f => f.ValidationAccuracy[BestAverage(best[1]).Epoch - 1]).ToArray();
        var (_, folds) = MarkdownTables.After(markdown, "## Is the winner really better?");
        Assert.Equal(a.Select(ReportText.Percent), folds.Select(r => r[1]));
        Assert.Equal(b.Select(ReportText.Percent), folds.Select(r => r[2]));
        var (_, tests) = MarkdownTables.After(markdown, "## Is the winner really better?", index: 1);
        Assert.Equal(ReportText.PValue(PairedTests.TTest(a, b).PValue), tests[0][2]);
        Assert.Equal(ReportText.PValue(PairedTests.Wilcoxon(a, b).PValue), tests[1][2]);
        // With 3 folds all positive the exact Wilcoxon p is 2/8.
        Assert.Equal("0.25", tests[1][2]);
    }

    [Fact]
    public void PerClassTableIsComputedFromThePredictions()
    {
        var data = SampleReport.CrossValidation();

        var (header, rows) = MarkdownTables.After(MarkdownRenderer.Render(ReportWriter.Build(data)), "## Fold 1 in detail");

        for (var t = 0; t < data.Trials.Count; t++)
        {
            var detail = data.Trials[t].Detail!;
            var column = Array.IndexOf(header, $"{ReportText.TrialLabel(data.Trials[t])} P / R / F1");
            for (var c = 0; c < SampleReport.Classes.Length; c++)
            {
                var pairs = detail.Labels.Zip(detail.Predicted).ToArray();
                double truePositive = pairs.Count(p => p.First == c && p.Second == c);
                var precision = truePositive / pairs.Count(p => p.Second == c);
                var recall = truePositive / pairs.Count(p => p.First == c);
                var f1 = 2 * precision * recall / (precision + recall);
                Assert.Equal(SampleReport.Classes[c], rows[c][0]);
                Assert.Equal($"{ReportText.Ratio(precision)} / {ReportText.Ratio(recall)} / {ReportText.Ratio(f1)}", rows[c][column]);
            }
            var accuracy = (double)detail.Labels.Zip(detail.Predicted).Count(p => p.First == p.Second) / detail.Labels.Count;
            Assert.Equal(ReportText.Ratio(accuracy), rows[^1][column]);
        }
    }

    [Fact]
    public void FixedSplitReportsTestAccuracyAndNoPairedTest()
    {
        var data = SampleReport.FixedSplit();

        var markdown = MarkdownRenderer.Render(ReportWriter.Build(data));

        var (_, rows) = MarkdownTables.After(markdown, "## Experiment table");
        Assert.Equal(["ResNet-18", "64.50 (ep 3)", "53.00 (ep 4)"], rows.Single());
        Assert.Contains("Not applicable: a fixed split", markdown);
        var (header, leaderboard) = MarkdownTables.After(markdown, "## Leaderboard");
        Assert.Equal(["g1", "g2"], leaderboard.Select(r => r[1]));
        Assert.Equal(["64.50", "66.00", "3", "65.00"], leaderboard[0][Array.IndexOf(header, "test accuracy (%)")..Array.IndexOf(header, "K")]);
    }

    [Fact]
    public void OnAFixedSplitTheTrialWithTheBestValidationAccuracyIsChosenNotTheBestTestAccuracy()
    {
        var data = SampleReport.FixedSplit();
        var scratch = data.Trials[1];
        var luckyOnTest = scratch with { Name = "g3", Folds = [new FoldCurve(1, [0.40, 0.45, 0.48, 0.50])], TestAccuracy = 0.70 };
        var markdown = MarkdownRenderer.Render(ReportWriter.Build(data with { Trials = [.. data.Trials, luckyOnTest] }));

        var (tableHeader, rows) = MarkdownTables.After(markdown, "## Experiment table");
        Assert.Equal("53.00 (ep 4, best of 2: g2)", rows.Single()[Array.IndexOf(tableHeader, "Scratch")]);
        var (header, leaderboard) = MarkdownTables.After(markdown, "## Leaderboard");
        Assert.Equal(["g1", "g2", "g3"], leaderboard.Select(r => r[Array.IndexOf(header, "trial")]));
        Assert.Equal("70.00", leaderboard[2][Array.IndexOf(header, "test accuracy (%)")]);
    }

    [Fact]
    public void UnevenFoldsAreCutToTheEpochsAllCompletedAndSaySo()
    {
        var data = SampleReport.CrossValidation();
        var t1 = data.Trials[0];
        var uneven = data with { Trials = [t1 with { Folds = [.. t1.Folds.Take(2), new FoldCurve(3, [0.64, 0.71])] }, .. data.Trials.Skip(1)] };

        var markdown = MarkdownRenderer.Render(ReportWriter.Build(uneven));

        Assert.Contains("Trial t1 uses the first 2 epochs, those every fold completed (fold 1 has 4, fold 2 has 4).", markdown);
        var (header, rows) = MarkdownTables.After(markdown, "## Experiment table");
        Assert.Equal($"{ReportText.MeanStd(0.70, Std(0.70, 0.69, 0.71))} (ep 2)", rows[0][Array.IndexOf(header, "MoCo fine-tune")]);
    }

    [Fact]
    public void TheSameDataGivesTheSameReport()
    {
        var first = ReportWriter.Build(SampleReport.CrossValidation());
        var second = ReportWriter.Build(SampleReport.CrossValidation());

        Assert.Equal(MarkdownRenderer.Render(first), MarkdownRenderer.Render(second));
        var tsne = first.Figures.Single(f => f.FileName == "tsne-t1.png");
        Assert.Equal(tsne.Png, second.Figures.Single(f => f.FileName == "tsne-t1.png").Png);
    }

    [Fact]
    public void InvalidDataIsRejectedNamingTrialFoldAndEpoch()
    {
        var data = SampleReport.CrossValidation();
        var broken = data with
        {
            Trials = [data.Trials[0] with { Folds = [new FoldCurve(1, [0.5, 1.5])] }, .. data.Trials.Skip(1)],
        };
        var mislabelled = data with
        {
            Trials = [data.Trials[0] with { Detail = new FoldPredictionSet(1, [0, 7], [0, 1]) }],
        };

        Assert.Contains("trial t1, fold 1, epoch 2: accuracy 1.5", Assert.Throws<ArgumentException>(() => ReportWriter.Build(broken)).Message);
        Assert.Contains("label 7 is outside the 4 classes", Assert.Throws<ArgumentException>(() => ReportWriter.Build(mislabelled)).Message);
    }

    /// <summary>The best fold-mean epoch (1-based, first on ties) with its mean and sample standard deviation, computed afresh.</summary>
    private static (double Mean, double Std, int Epoch) BestAverage(TrialData trial)
    {
        var epochs = trial.Folds.Min(f => f.ValidationAccuracy.Count);
        var best = Enumerable.Range(0, epochs)
            .Select(e => trial.Folds.Select(f => f.ValidationAccuracy[e]).ToArray())
            .Select((values, e) => (Mean: values.Average(), Std: SampleStd(values), Epoch: e + 1))
            .Aggregate((x, y) => y.Mean > x.Mean ? y : x);
        return best;
    }

    private static double Std(params double[] values) => SampleStd(values);

    private static double SampleStd(double[] values)
    {
        var mean = values.Average();
        return Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Length - 1));
    }

    /// <summary>Checks the PNG signature and reads the IHDR chunk's width and height.</summary>
    private static (int Width, int Height) PngSize(byte[] png, string name)
    {
        byte[] signature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
        Assert.True(png.Length > 24 && png.AsSpan(0, 8).SequenceEqual(signature), $"{name} is not a PNG");
        Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(png, 12, 4));
        return (System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)),
            System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20)));
    }

    [GeneratedRegex(@"\]\(figures/([^)]+)\)")]
    private static partial Regex ImageLink();
}
