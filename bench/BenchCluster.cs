using Grid.Client;
using Grid.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace Grid.Bench;

/// <summary>
/// Silo processes of one cluster of their own on the benchmark's Azurite, with the end-to-end tests' settings
/// (<see cref="SiloProcess.Settings"/>), their log lines fed to a <see cref="JobTimeline"/>, and a connected client.
/// </summary>
public sealed class BenchCluster : IAsyncDisposable
{
    private readonly Dictionary<string, SiloProcess> _silos = [];
    private IHost? _client;

    private BenchCluster() { }

    /// <summary>The lease timeout the silos run with (a killed silo's job is re-queued after it).</summary>
    public static string LeaseTimeout => SiloProcess.Settings("lease", "", "", 1)["GRID_Scheduler__LeaseTimeout"];

    public IClusterClient Client => _client?.Client() ?? throw new InvalidOperationException("not connected");

    /// <summary>
    /// Starts <paramref name="siloCount"/> silos of <paramref name="slotsPerSilo"/> CPU slots; <paramref name="overrides"/>
    /// replace or add GRID_ settings (the simulated executor, a longer poll); the client waits
    /// <paramref name="clientTimeout"/> (10 s by default) for a grain call.
    /// </summary>
    public static async Task<BenchCluster> StartAsync(string connectionString, string root, string name, int siloCount, int slotsPerSilo, JobTimeline timeline,
        IReadOnlyDictionary<string, string>? overrides = null, TimeSpan? clientTimeout = null)
    {
        var clusterId = $"{name}-{Guid.NewGuid().ToString("N")[..6]}";
        var cluster = new BenchCluster();
        try
        {
            for (var i = 0; i < siloCount; i++)
            {
                var settings = SiloProcess.Settings(clusterId, connectionString, Path.Combine(root, "cache", clusterId), slotsPerSilo);
                foreach (var (key, value) in overrides ?? new Dictionary<string, string>()) settings[key] = value;
                var silo = await SiloProcess.StartAsync(settings, TimeSpan.FromSeconds(60));
                var siloName = $"silo{i}";
                silo.LineReceived += line => timeline.Observe(siloName, line);
                cluster._silos[siloName] = silo;
            }
            cluster._client = await GridConnection.ConnectAsync(ClientConfiguration(clusterId, connectionString, clientTimeout ?? TimeSpan.FromSeconds(10)), CancellationToken.None);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>A crash of the named silo: SIGKILL, no goodbye to the cluster.</summary>
    public void Kill(string siloName) => _silos[siloName].Kill();

    private static IConfiguration ClientConfiguration(string clusterId, string connectionString, TimeSpan responseTimeout) =>
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Cluster:Mode"] = "azure",
            ["Cluster:ClusterId"] = clusterId,
            ["Cluster:ServiceId"] = clusterId,
            ["Storage:ConnectionString"] = connectionString,
            ["Storage:ClusteringTable"] = "M" + clusterId.Replace("-", ""),
            ["Messaging:ResponseTimeout"] = responseTimeout.ToString("c", System.Globalization.CultureInfo.InvariantCulture),
        }).Build();

    public async ValueTask DisposeAsync()
    {
        if (_client is not null)
        {
            try
            {
                await _client.StopAsync(new CancellationTokenSource(TimeSpan.FromSeconds(5)).Token);
            }
            catch (OperationCanceledException)
            {
                // A killed silo's gateway does not answer the goodbye.
            }
            _client.Dispose();
        }
        foreach (var silo in _silos.Values) await silo.DisposeAsync();
    }
}
