using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Grid.Client.Studies;
using Grid.Client.SweepReports;
using Grid.Grains;
using Grid.Grains.Specs;
using Grid.Learning.Data.Synthetic;
using Grid.Tests.Cluster;
using Grid.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace Grid.Tests.Studies;

/// <summary>
/// End to end: specs/lin2022/mini.json at toy size on a real silo process with Azurite: one FSD50K-layout pretraining
/// per method shared by four downstream experiments, then the study report with the thesis's rows.
/// </summary>
[Collection(SiloProcessCollection.Name)]
[Trait("Category", "Process")]
public sealed partial class StudyProcessTests(SiloProcessFixture fixture, ITestOutputHelper output)
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(12);

    [Fact]
    public async Task TheMiniThesisStudyRunsEachPretrainingOnceAndReportsTheThesisTables()
    {
        var data = Path.Combine(fixture.Root, "lin2022-mini");
        SyntheticFsd50k.Write(Path.Combine(data, "fsd50k"), clipsPerClass: 2, seed: 1);
        SyntheticEsc50.Write(Path.Combine(data, "esc50"), clipsPerClass: 1, seed: 2);
        SyntheticDataset.Write("us8k", Path.Combine(data, "us8k"), clipsPerClass: 3, seed: 3);
        SyntheticDcase2013.Write(Path.Combine(data, "dcase2013"), clipsPerClass: 2, seed: 4, clipSeconds: 6);
        SyntheticGtzan.Write(Path.Combine(data, "gtzan"), clipsPerClass: 7, seed: 5, clipSeconds: 6);

        var study = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryRoot.Path, "specs", "lin2022", "mini.json")))!.AsObject();
        study["pretraining"]!["training"]!["epochs"] = 2;
        study["training"]!["epochs"] = 1;
        var json = StudyLocations.Resolve(study.ToJsonString().Replace("data/lin2022-mini/", ""), data);

        await using var grid = fixture.NewGrid("study");
        var silo = await grid.StartSiloAsync(cpuSlots: 2);
        var client = await grid.ClientAsync();
        var id = await StudyCommands.LaunchAsync(client, json, CancellationToken.None);

        var results = await Eventually.WaitAsync(() => StudyCommands.FetchAsync(client, id, CancellationToken.None),
            r => r.All(d => d.Snapshot.State != ExperimentState.Running), Limit, "every experiment of the study finishes");

        Assert.Equal(["esc50", "us8k", "dcase2013", "gtzan"], results.Select(r => r.Layout));
        foreach (var result in results)
        {
            Assert.True(result.Snapshot.State == ExperimentState.Succeeded,
                $"{result.Layout}: " + string.Join("; ", result.Snapshot.Trials.SelectMany(t => t.Folds).Where(f => f.Error is not null).Select(f => $"{f.Key}: {f.Error}")));
            Assert.Equal(7, result.Snapshot.Trials.Count);
            Assert.All(result.Snapshot.Trials, t => Assert.True(t.FoldsTotal == t.FoldsSucceeded,
                string.Join("; ", t.Folds.Select(f => $"{f.Key} {f.State}: {f.Error}"))));
        }

        var keys = results.SelectMany(r => r.Plan.Trials).Select(t => t.Folds[0].Pretraining?.Key).OfType<string>().Distinct().ToArray();
        Assert.Equal(2, keys.Length);
        foreach (var key in keys)
        {
            var status = await client.GetGrain<IPretrainingGrain>(key).GetStatusAsync();
            Assert.Equal((PretrainingState.Succeeded, 2), (status.State, status.CompletedEpochs));
            Assert.Single(Regex.Matches(silo.Output, $"Finished \\S*{key}\\b"));
            Assert.Single(Regex.Matches(silo.Output, $"Running \\S*{key}\\b"));
        }
        var methods = results.SelectMany(r => r.Plan.Trials).Where(t => t.Folds[0].Pretraining is not null)
            .Select(t => TrialMethods.Pretraining(t.Folds[0].Pretraining)!).Select(p => (p.Layout, p.Method)).Distinct().ToArray();
        Assert.Equal(2, methods.Length);
        Assert.All(methods, m => Assert.Equal("fsd50k", m.Layout));

        var reportDirectory = Path.Combine(fixture.Root, "study-report");
        foreach (var result in results)
            Assert.Equal(0, await SweepReportCommand.RunAsync(client, grid.ClientConfiguration, result.ExperimentId,
                Path.Combine(reportDirectory, result.Layout), result.Plan.Spec.Dataset.Folds[0], CancellationToken.None));
        var markdown = File.ReadAllText(StudyReport.Write(id, results, ThesisReference.Load(), reportDirectory));
        output.WriteLine(markdown);
        foreach (var table in new[] { "3.1", "3.2", "3.4", "3.5" })
            Assert.Contains($"thesis (table {table})", markdown);
        Assert.Contains("| 74.2 |", markdown);    // table 3.1, MoCo fine-tune on ESC-50
        Assert.Contains("| 36.9 |", markdown);    // table 3.5, scratch on GTZAN
        Assert.Equal(4, Regex.Matches(markdown, "difference \\(points\\)").Count);
        Assert.Equal(4, Regex.Matches(markdown, "disjoint from the downstream dataset's held-out folds").Count);
        Assert.DoesNotContain("| – | – | – | – | – | – | – | – |", markdown);
        Assert.All(results, r => Assert.True(File.Exists(Path.Combine(reportDirectory, r.Layout, "report.md"))));
    }
}
