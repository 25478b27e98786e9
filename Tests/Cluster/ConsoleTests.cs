using System.Diagnostics;
using Grid.Client;
using Grid.Grains;
using Grid.Grains.Specs;
using Grid.Tests.Infrastructure;
using Xunit;

namespace Grid.Tests.Cluster;

/// <summary>The console client's exact behaviour on bad input and an unreachable cluster, and its renderings.</summary>
[Trait("Category", "Process")]
public sealed class ConsoleTests
{
    private static Task<(int Code, string Output, string Error)> RunClientAsync(IReadOnlyDictionary<string, string> environment, params string[] arguments) =>
        RunAsync(Path.Combine(RepositoryRoot.Path, "Client", "bin", RepositoryRoot.Configuration, "net10.0", "grid.dll"), environment, arguments);

    private static async Task<(int Code, string Output, string Error)> RunAsync(string dll, IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(dll);
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        foreach (var (key, value) in environment) start.Environment[key] = value;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output, await error);
    }

    [Fact]
    public async Task LaunchRefusesAnInvalidSpecNamingTheFileAndFieldBeforeConnecting()
    {
        var file = Path.Combine(Path.GetTempPath(), $"grid-bad-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, SpecSamples.Tiny().Replace("\"learningRate\": 0.05", "\"learningRate\": -0.5"));
        try
        {
            var (code, output, error) = await RunClientAsync(new Dictionary<string, string>(), "sweep", "launch", file);

            Assert.Equal(2, code);
            Assert.Equal("", output);
            Assert.Contains(file, error);
            Assert.Contains("training.learningRate", error);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task AnUnreachableClusterIsOneLineNamingTheAddressAndANonZeroExit()
    {
        var port = FreePorts.Take(1)[0];
        var environment = new Dictionary<string, string>
        {
            ["GRID_CONFIG"] = "/nonexistent/grid.json",
            ["GRID_Cluster__Mode"] = "localhost",
            ["GRID_Cluster__GatewayPort"] = port.ToString(),
            ["GRID_Client__ConnectTimeout"] = "00:00:03",
        };

        var (code, _, error) = await RunClientAsync(environment, "cluster");

        Assert.Equal(3, code);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains($"127.0.0.1:{port}", line);
    }

    [Fact]
    public async Task UnreachableStorageIsOneLineNamingTheMembershipTable()
    {
        var port = FreePorts.Take(1)[0];
        var endpoint = $"http://127.0.0.1:{port}/devstoreaccount1";
        var environment = new Dictionary<string, string>
        {
            ["GRID_CONFIG"] = "/nonexistent/grid.json",
            ["GRID_Cluster__Mode"] = "azure",
            ["GRID_Storage__ConnectionString"] = $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=a2V5;BlobEndpoint={endpoint};TableEndpoint={endpoint};",
            ["GRID_Client__ConnectTimeout"] = "00:00:20",
        };

        var (code, _, error) = await RunClientAsync(environment, "sweep", "list");

        Assert.Equal(3, code);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(endpoint, line);
    }

    [Theory]
    [InlineData("GRID_Runner__CpuSlots", "-1", "Runner:CpuSlots")]
    [InlineData("GRID_Cluster__Mode", "cloud", "Cluster:Mode")]
    [InlineData("GRID_Storage__ArtifactContainer", "Bad_Name", "Storage:ArtifactContainer")]
    [InlineData("GRID_Cluster__Mode", "azure", "Storage:ConnectionString")]
    public async Task TheSiloRefusesBadSettingsNamingTheKey(string variable, string value, string key)
    {
        var dll = Path.Combine(RepositoryRoot.Path, "Silo", "bin", RepositoryRoot.Configuration, "net10.0", "grid-silo.dll");
        var environment = new Dictionary<string, string> { ["GRID_Cluster__Mode"] = "localhost", ["GRID_Runner__Gpus"] = "0", [variable] = value };

        var (code, _, error) = await RunAsync(dll, environment);

        Assert.Equal(2, code);
        Assert.Contains(key, error);
    }

    [Fact]
    public void StatusTableShowsProgressBarsRunningFoldsFailuresAndEta()
    {
        FoldStatus Fold(int fold, FoldState state, int epochs, string? error = null) =>
            new($"e/0/{fold}", fold, state, error is null ? 0 : 2, 0, "S10.0.0.7:11111:154664923", -1, Enumerable.Repeat(0.5, epochs).ToArray(), 4, null, null, error, 0, 10, 1, 0.7, 0.9);
        var folds = new[] { Fold(1, FoldState.Succeeded, 4), Fold(2, FoldState.Running, 2), Fold(3, FoldState.Failed, 1, "bad clip"), Fold(4, FoldState.Queued, 0) };
        var aggregate = TrialAggregator.Aggregate(new Dictionary<int, IReadOnlyList<double>> { [1] = [0.4, 0.5, 0.6, 0.7] });
        var trial = new TrialSummary("e/0", 0, new Dictionary<string, string> { ["training.learningRate"] = "0.1" }, 4, 1, 1, 0, aggregate, folds, 3);
        var snapshot = new ExperimentSnapshot("e", "demo", ExperimentState.Running, DateTimeOffset.UnixEpoch, [trial], 1, 4);

        var table = SweepTable.Render(snapshot);

        Assert.Contains("[#####.....] 1/4 (1 failed)", table);
        Assert.Contains("f2@10.0.0.7:11111/cpu", table);
        Assert.Contains("70.0±0.0 @4", table);
        Assert.Contains("learningRate=0.1", table);
        Assert.Contains("failed e/0/3 after 2 attempts: bad clip", table);
        Assert.Equal(TimeSpan.FromSeconds((2 + 4) * 10), SweepTable.Eta(snapshot));
    }

    [Fact]
    public void StatusTableShowsTheDataWaitShareOfTheRunningFoldsLatestEpochs()
    {
        FoldStatus Fold(int fold, FoldState state, double seconds, double waited) =>
            new FoldStatus($"e/0/{fold}", fold, state, 0, 0, "S10.0.0.7:11111:1", -1, [0.5], 4, null, null, null, 0, seconds, 1, 0.7, 0.9)
            { DataWaitSeconds = waited };
        TrialSummary Trial(int index, params FoldStatus[] folds) =>
            new($"e/{index}", index, new Dictionary<string, string>(), folds.Length, 0, 0, 0, TrialAggregate.Empty, folds, 1);
        var snapshot = new ExperimentSnapshot("e", "demo", ExperimentState.Running, DateTimeOffset.UnixEpoch,
            [Trial(0, Fold(1, FoldState.Running, 10, 1), Fold(2, FoldState.Running, 10, 3), Fold(3, FoldState.Succeeded, 10, 9)), Trial(1, Fold(1, FoldState.Queued, 0, 0))], 1, 4);

        var lines = SweepTable.Render(snapshot).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.EndsWith("data wait %", lines[1]);
        Assert.EndsWith(" 20.0", lines[2]);   // the two running folds' 10 % and 30 %; the finished fold's 90 % is not running
        Assert.EndsWith(" -", lines[3]);
    }

    [Theory]
    [InlineData(false, "1 0 80.0 ± 0.0 1")]
    [InlineData(true, "1 0 50.0 80.0 ± 0.0 1")]
    public void TheLeaderboardRanksByValidationAndShowsTestAccuracyOnAFixedSplit(bool fixedSplit, string firstRow)
    {
        TrialSummary Trial(int index, double validation, double test)
        {
            var validationCurves = new Dictionary<int, IReadOnlyList<double>> { [2] = [validation] };
            var aggregate = TrialAggregator.Aggregate(validationCurves, fixedSplit ? new Dictionary<int, IReadOnlyList<double>> { [2] = [test] } : null);
            return new TrialSummary($"e/{index}", index, new Dictionary<string, string>(), 1, 1, 0, 0, aggregate, [], 1);
        }
        var snapshot = new ExperimentSnapshot("e", "gtzan", ExperimentState.Succeeded, DateTimeOffset.UnixEpoch, [Trial(0, 0.8, 0.5), Trial(1, 0.6, 0.7)], 2, 1);

        var lines = Leaderboard.Render(snapshot).Split('\n');

        Assert.Equal(fixedSplit, lines[1].Contains("test %"));
        Assert.StartsWith(firstRow, string.Join(' ', lines[2].Split(' ', StringSplitOptions.RemoveEmptyEntries)));
    }

    [Fact]
    public void ClusterViewShowsEverySlotBusyOrFreeAndTheQueue()
    {
        var view = new ClusterView(
            [new SiloView("silo-a", [new SlotInfo(0, true, 0, 1, "fold:e/0/3", Guid.NewGuid()), new SlotInfo(1, false, 0, 4, null, null)], DateTimeOffset.UnixEpoch)],
            [new JobTicket("fold:e/0/4", "e", "e/0", 1, Accelerator.Any, DateTimeOffset.UnixEpoch)]);

        var text = ClusterCommands.Render(view);

        Assert.Contains("1 silos, 2 slots (1 busy), 1 jobs queued", text);
        Assert.Contains("slot 0  cuda:0            fold:e/0/3", text);
        Assert.Contains("slot 1  cpu (4 threads)   free", text);
    }

    [Fact]
    public void Us8kBuildsAValidTenFoldSpecAndParsesFoldRanges()
    {
        Assert.Equal([1, 2, 3, 5], Us8kCommand.ParseFolds("1-3,5"));
        Assert.Throws<FormatException>(() => Us8kCommand.ParseFolds("3-1"));
        Assert.Throws<FormatException>(() => Us8kCommand.ParseFolds("x"));

        var spec = Us8kCommand.Spec("my-upload", Us8kCommand.ParseFolds("1-10"), "finetune", "moco", "resnet18", 8, 2, 1);
        var plan = SweepPlanner.Plan("us8k", spec);

        var trial = Assert.Single(plan.Trials);
        Assert.Equal(10, trial.Folds.Count);
        Assert.Equal("blob:my-upload", trial.Folds[0].DatasetLocation);
        Assert.NotNull(trial.Folds[0].Pretraining);
    }
}
