using System.Diagnostics;
using Grid.Client;
using Grid.Grains;
using Grid.Tests.Cluster;
using Grid.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Xunit;

namespace Grid.Tests.Deployment;

/// <summary>
/// docs/grid.md's several-machines recipe as real processes: two silos from orleans-config/cluster.json on one
/// Azurite, each with its own silo/gateway ports from GRID_ variables, seen by <c>grid cluster</c> and both given jobs.
/// </summary>
[Collection(DeploymentCollection.Name)]
[Trait("Category", "Process")]
public sealed class SeveralMachinesTests(SiloProcessFixture fixture)
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(2);
    private static string ClusterConfig => Path.Combine(RepositoryRoot.Path, "orleans-config", "cluster.json");

    /// <summary>What the cluster file does not say (the test's Azurite and cluster, fast failure detection), as GRID_ variables.</summary>
    private Dictionary<string, string> Environment(string clusterId)
    {
        var settings = fixture.SiloSettings(clusterId);
        settings.Remove("GRID_Cluster__Mode");
        settings["GRID_CONFIG"] = ClusterConfig;
        return settings;
    }

    /// <summary><c>grid cluster --config orleans-config/cluster.json</c> run as the console process a user runs.</summary>
    private static async Task<string> GridClusterAsync(IReadOnlyDictionary<string, string> environment)
    {
        var dll = Path.Combine(RepositoryRoot.Path, "Client", "bin", RepositoryRoot.Configuration, "net10.0", "grid.dll");
        var start = new ProcessStartInfo("dotnet") { ArgumentList = { dll, "cluster", "--config", ClusterConfig }, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var (key, value) in environment.Where(e => e.Key.StartsWith("GRID_Cluster__", StringComparison.Ordinal) || e.Key.StartsWith("GRID_Storage__", StringComparison.Ordinal)))
            start.Environment[key] = value;
        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var error = process.StandardError.ReadToEndAsync();
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"grid cluster exited with {process.ExitCode}: {await error}");
        return output;
    }

    [Fact]
    public async Task TwoSilosFromTheClusterFileOnTheirOwnPortsAreBothActiveAndBothRunJobs()
    {
        var clusterId = SiloProcessFixture.NewClusterId("machines");
        var environment = Environment(clusterId);
        await using var first = await SiloProcess.StartAsync(environment, Limit);
        await using var second = await SiloProcess.StartAsync(environment, Limit);
        Assert.NotEqual((first.SiloPort, first.GatewayPort), (second.SiloPort, second.GatewayPort));
        foreach (var silo in new[] { first, second })
            Assert.Equal(new[] { silo.SiloPort, silo.GatewayPort }.Order(), ListeningSockets.Of(silo.Id).Select(l => l.Port).Distinct().Order());

        var listing = await Eventually.WaitAsync(() => GridClusterAsync(environment), text => text.StartsWith("2 silos, 2 slots", StringComparison.Ordinal), Limit, "grid cluster lists both silos");
        foreach (var silo in new[] { first, second })
            Assert.Contains($"127.0.0.1:{silo.SiloPort}:", listing);

        var configuration = new ConfigurationBuilder().AddJsonFile(ClusterConfig).AddInMemoryCollection(
            environment.Where(e => e.Key.StartsWith("GRID_", StringComparison.Ordinal) && e.Key != "GRID_CONFIG")
                .Select(e => KeyValuePair.Create(e.Key["GRID_".Length..].Replace("__", ":"), (string?)e.Value))).Build();
        using var host = await GridConnection.ConnectAsync(configuration, CancellationToken.None);
        var client = host.Client();
        var active = await client.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true);
        Assert.Equal(new[] { first.SiloPort, second.SiloPort }.Order(), active.Keys.Select(a => a.Endpoint.Port).Order());

        await client.GetGrain<IExperimentGrain>("spread").LaunchAsync(Spec());
        var done = await Eventually.WaitAsync(() => client.GetGrain<IExperimentGrain>("spread").GetSnapshotAsync(),
            s => s.State != ExperimentState.Running, Limit, "the four folds finish");

        Assert.Equal(ExperimentState.Succeeded, done.State);
        var folds = Assert.Single(done.Trials).Folds;
        Assert.Equal(4, folds.Count);
        Assert.Equal(2, folds.Select(f => f.Silo).Distinct().Count());
        await host.StopAsync();
    }

    // Five epochs a fold: long enough that one silo cannot finish all four folds before the other's slot first polls.
    private string Spec() => $$"""
    {
      "name": "spread",
      "seed": 3,
      "dataset": { "layout": "us8k", "location": "{{fixture.Dataset}}", "folds": [1, 2, 3, 4] },
      "protocol": "scratch",
      "model": { "architecture": "resnet18", "width": 4 },
      "training": { "epochs": 5, "batchSize": 8, "learningRate": 0.05 },
      "features": { "sampleRate": 8000, "nMels": 32, "nFft": 256, "hopLength": 128, "clipSeconds": 1.0 }
    }
    """;
}
