using System.Diagnostics;
using System.Text.Json;
using Grid.Client.Reports;
using Grid.Grains;
using Grid.Tests.Cluster;
using Grid.Tests.Infrastructure;
using Grid.Tests.Reports;
using Microsoft.Extensions.Configuration;
using Xunit;

namespace Grid.Tests.SweepReports;

/// <summary>
/// End to end: a real silo process on Azurite runs a tiny MoCo sweep (fine-tune and kNN on two folds); the console's
/// <c>sweep report</c> then writes a report whose numbers are those of <c>sweep results --json</c>.
/// </summary>
[Collection(SiloProcessCollection.Name)]
[Trait("Category", "Process")]
public sealed class SweepReportEndToEndTests(SiloProcessFixture fixture)
{
    private string Spec(string name) => $$"""
    {
      "name": "{{name}}",
      "seed": 13,
      "dataset": { "layout": "us8k", "location": "{{fixture.Dataset}}", "folds": [1, 2] },
      "pretraining": { "method": "moco", "queueSize": 16, "training": { "epochs": 1, "batchSize": 8, "learningRate": 0.03 } },
      "protocol": "finetune",
      "model": { "architecture": "resnet18", "width": 4 },
      "training": { "epochs": 2, "batchSize": 8, "learningRate": 0.05 },
      "features": { "sampleRate": 8000, "nMels": 32, "nFft": 256, "hopLength": 128, "clipSeconds": 1.0 },
      "search": { "protocol": { "grid": ["finetune", "knn"] } }
    }
    """;

    [Fact]
    public async Task TheReportOfAFinishedSweepShowsTheNumbersOfSweepResultsAndWritesItsFigures()
    {
        await using var grid = fixture.NewGrid("report");
        await grid.StartSiloAsync(cpuSlots: 2);
        var client = await grid.ClientAsync();
        const string id = "report-sweep";
        await client.GetGrain<IExperimentGrain>(id).LaunchAsync(Spec("report"));
        var finished = await Eventually.WaitAsync(() => client.GetGrain<IExperimentGrain>(id).GetSnapshotAsync(),
            s => s.State != ExperimentState.Running, TimeSpan.FromMinutes(3), "the sweep finishes");
        Assert.Equal(ExperimentState.Succeeded, finished.State);

        var outDirectory = Path.Combine(fixture.Root, "report-out");
        var (reportCode, reportOutput, reportError) = await RunClientAsync(grid, "sweep", "report", id, "--out", outDirectory, "--fold", "2");
        Assert.True(reportCode == 0, $"sweep report exited {reportCode}: {reportError}");
        Assert.Contains(ReportWriter.MarkdownFile, reportOutput);
        var (resultsCode, json, resultsError) = await RunClientAsync(grid, "sweep", "results", id, "--json");
        Assert.True(resultsCode == 0, $"sweep results exited {resultsCode}: {resultsError}");

        var markdown = await File.ReadAllTextAsync(Path.Combine(outDirectory, ReportWriter.MarkdownFile));
        var (header, rows) = MarkdownTables.After(markdown, "## Leaderboard");
        var (tableHeader, tableRows) = MarkdownTables.After(markdown, "## Experiment table");
        var trials = JsonDocument.Parse(json).RootElement.GetProperty("Trials").EnumerateArray().ToList();
        Assert.Equal(2, trials.Count);
        foreach (var trial in trials)
        {
            var aggregate = trial.GetProperty("Aggregate");
            var best = ReportText.MeanStd(aggregate.GetProperty("BestAverageAccuracy").GetDouble(), aggregate.GetProperty("BestAverageStd").GetDouble());
            var last = ReportText.MeanStd(aggregate.GetProperty("LastEpochMean").GetDouble(), aggregate.GetProperty("LastEpochStd").GetDouble());
            var row = rows.Single(r => r[Array.IndexOf(header, "trial")] == $"t{trial.GetProperty("Index").GetInt32()}");
            Assert.Equal(best, row[Array.IndexOf(header, "best avg. accuracy (%)")]);
            Assert.Equal(last, row[Array.IndexOf(header, "last epoch (%)")]);
            Assert.Equal(aggregate.GetProperty("BestEpoch").GetInt32().ToString(), row[Array.IndexOf(header, "best epoch")]);
            Assert.Equal(aggregate.GetProperty("FoldsCovered").GetInt32().ToString(), row[Array.IndexOf(header, "folds")]);
            var method = row[Array.IndexOf(header, "method")];
            Assert.StartsWith($"{best} (ep {aggregate.GetProperty("BestEpoch").GetInt32()}", tableRows.Single()[Array.IndexOf(tableHeader, method)]);
        }
        Assert.Equal(["MoCo fine-tune", "MoCo kNN"], rows.Select(r => r[Array.IndexOf(header, "method")]).Order());
        Assert.Matches(@"K=\d+\)", tableRows.Single()[Array.IndexOf(tableHeader, "MoCo kNN")]);
        Assert.Contains("including validation folds 1, 2", markdown);
        Assert.Contains("## Fold 2 in detail", markdown);

        foreach (var figure in new[] { "validation-resnet-18.png", "pretraining-moco.png", "confusion-t0.png", "confusion-t1.png" })
        {
            var bytes = await File.ReadAllBytesAsync(Path.Combine(outDirectory, "figures", figure));
            Assert.True(bytes.Length > 5000, $"{figure} has {bytes.Length} bytes");
            Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], bytes[..4]);
        }
        Assert.True(File.Exists(Path.Combine(outDirectory, ReportWriter.HtmlFile)));
        Assert.Equal(2, ReportDataJson.Read(Path.Combine(outDirectory, "report-data.json")).Trials.Count);

        var (unknownCode, _, unknownError) = await RunClientAsync(grid, "sweep", "report", "no-such-sweep", "--out", outDirectory);
        Assert.Equal(4, unknownCode);
        Assert.Contains("no-such-sweep", Assert.Single(unknownError.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
    }

    /// <summary>The built console (grid.dll) run against the test cluster, configured through GRID_ variables.</summary>
    internal static async Task<(int Code, string Output, string Error)> RunClientAsync(TestGrid grid, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(RepositoryRoot.Path, "Client", "bin", RepositoryRoot.Configuration, "net10.0", "grid.dll"));
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        start.Environment["GRID_CONFIG"] = "/nonexistent/grid.json";
        foreach (var (key, value) in grid.ClientConfiguration.AsEnumerable().Where(kv => kv.Value is not null))
            start.Environment[$"GRID_{key.Replace(":", "__")}"] = value;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output, await error);
    }
}
