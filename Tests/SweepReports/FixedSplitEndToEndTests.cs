using System.Text.Json;
using Grid.Client.Reports;
using Grid.Grains;
using Grid.Tests.Cluster;
using Grid.Tests.Reports;
using Grid.Tests.Training;
using Xunit;

namespace Grid.Tests.SweepReports;

/// <summary>
/// End to end on GTZAN's fixed split: a real silo process trains two trials that hold out the validation split and
/// test on the test split; `sweep results` shows the test accuracy at the best validation epoch, and `sweep report`
/// leads with the same numbers, as the thesis reports GTZAN, choosing and ranking trials by validation accuracy.
/// </summary>
[Collection(SiloProcessCollection.Name)]
[Trait("Category", "Process")]
public sealed class FixedSplitEndToEndTests(SiloProcessFixture fixture)
{
    private static string Spec(string location) => $$"""
    {
      "name": "gtzan",
      "seed": 21,
      "dataset": { "layout": "gtzan", "location": "{{location}}" },
      "protocol": "scratch",
      "model": { "architecture": "resnet18", "width": 4 },
      "training": { "epochs": 3, "batchSize": 8, "learningRate": 0.05 },
      "features": { "sampleRate": 8000, "nMels": 32, "nFft": 256, "hopLength": 128, "clipSeconds": 1.0 },
      "search": { "training.learningRate": { "grid": [0.05, 0.01] } }
    }
    """;

    [Fact]
    public async Task AGtzanSweepReportsTestAccuracyAtTheBestValidationEpochAndChoosesByValidation()
    {
        using var gtzan = new TinyGtzan(clipsPerGenre: 10);
        await using var grid = fixture.NewGrid("gtzan");
        await grid.StartSiloAsync(cpuSlots: 2);
        var client = await grid.ClientAsync();
        const string id = "gtzan-sweep";
        await client.GetGrain<IExperimentGrain>(id).LaunchAsync(Spec(gtzan.Root));
        var finished = await Eventually.WaitAsync(() => client.GetGrain<IExperimentGrain>(id).GetSnapshotAsync(),
            s => s.State != ExperimentState.Running, TimeSpan.FromMinutes(3), "the GTZAN sweep finishes");
        Assert.Equal(ExperimentState.Succeeded, finished.State);

        foreach (var trial in finished.Trials)
        {
            var fold = Assert.Single(trial.Folds);
            Assert.Equal(2, fold.Fold);
            var stored = await fixture.StoredResultAsync(fold);
            Assert.Equal(stored.Epochs.Select(e => e.TestAccuracy!.Value), fold.TestAccuracies);
            Assert.Equal(stored.BestEpoch, trial.Aggregate.BestEpoch);
            Assert.Equal(stored.TestAccuracyAtBest, trial.Aggregate.TestAccuracyAtBest);
        }

        var (resultsCode, results, resultsError) = await SweepReportEndToEndTests.RunClientAsync(grid, "sweep", "results", id);
        Assert.True(resultsCode == 0, $"sweep results exited {resultsCode}: {resultsError}");
        Assert.Contains("test %", results);

        var outDirectory = Path.Combine(fixture.Root, "gtzan-report");
        var (reportCode, _, reportError) = await SweepReportEndToEndTests.RunClientAsync(grid, "sweep", "report", id, "--out", outDirectory, "--fold", "2");
        Assert.True(reportCode == 0, $"sweep report exited {reportCode}: {reportError}");
        var markdown = await File.ReadAllTextAsync(Path.Combine(outDirectory, ReportWriter.MarkdownFile));
        var (header, rows) = MarkdownTables.After(markdown, "## Leaderboard");
        var expected = finished.Trials.OrderByDescending(t => t.Aggregate.BestAverageAccuracy).ToList();
        Assert.Equal(expected.Select(t => $"t{t.Index}"), rows.Select(r => r[Array.IndexOf(header, "trial")]));
        Assert.Equal(expected.Select(t => ReportText.Percent(t.Aggregate.TestAccuracyAtBest!.Value)), rows.Select(r => r[Array.IndexOf(header, "test accuracy (%)")]));
        Assert.Equal(expected.Select(t => ReportText.Percent(t.Aggregate.BestAverageAccuracy)), rows.Select(r => r[Array.IndexOf(header, "best validation (%)")]));
        var (tableHeader, tableRows) = MarkdownTables.After(markdown, "## Experiment table");
        Assert.StartsWith($"{ReportText.Percent(expected[0].Aggregate.TestAccuracyAtBest!.Value)} (ep {expected[0].Aggregate.BestEpoch}",
            tableRows.Single()[Array.IndexOf(tableHeader, "Scratch")]);
        Assert.Equal(Client.Reports.EvaluationScheme.FixedSplit, ReportDataJson.Read(Path.Combine(outDirectory, "report-data.json")).Evaluation);
    }
}
