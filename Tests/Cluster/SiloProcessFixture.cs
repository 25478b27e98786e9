using Azure.Storage.Blobs;
using Grid.Client;
using Grid.Grains;
using Grid.Learning.Data.Synthetic;
using Grid.Learning.Training;
using Grid.Storage;
using Grid.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Xunit;

namespace Grid.Tests.Cluster;

/// <summary>Azurite plus a tiny synthetic UrbanSound8K (3 clips per class, 3 per fold) shared by the silo-process tests.</summary>
public sealed class SiloProcessFixture : IAsyncLifetime
{
    public AzuriteFixture Azurite { get; } = new();
    public string Root { get; } = Directory.CreateTempSubdirectory("grid-silos-").FullName;
    public string Dataset => Path.Combine(Root, "us8k");

    public async Task InitializeAsync()
    {
        await Azurite.InitializeAsync();
        SyntheticDataset.Write("us8k", Dataset, clipsPerClass: 3, seed: 11);
    }

    public async Task DisposeAsync()
    {
        await Azurite.DisposeAsync();
        Directory.Delete(Root, recursive: true);
    }

    /// <summary>A cluster id (and membership table) of its own, so tests sharing the Azurite never meet.</summary>
    public static string NewClusterId(string name) => $"{name}-{Guid.NewGuid().ToString("N")[..6]}";

    /// <summary>The test silo settings of <see cref="SiloProcess.Settings"/> for one cluster on this Azurite.</summary>
    public Dictionary<string, string> SiloSettings(string clusterId, int cpuSlots = 1) =>
        SiloProcess.Settings(clusterId, Azurite.ConnectionString, Path.Combine(Root, "cache", clusterId), cpuSlots);

    /// <summary>A cluster of its own (cluster id and membership table) for one test.</summary>
    public TestGrid NewGrid(string name) => new(this, NewClusterId(name));

    public BlobContainerClient Artifacts => new BlobServiceClient(Azurite.ConnectionString).GetBlobContainerClient("grid-artifacts");

    /// <summary>The fold result a runner stored for <paramref name="fold"/>, read from the artifact store.</summary>
    public async Task<FoldResult> StoredResultAsync(FoldStatus fold)
    {
        var download = await Artifacts.GetBlobClient(fold.ArtifactsBlob).DownloadStreamingAsync();
        await using var stream = download.Value.Content;
        return ArtifactSerializer.Deserialize<FoldResult>(stream);
    }

    /// <summary>The tiny real-training spec of the silo-process tests.</summary>
    public string Spec(string name, string folds, int epochs, string extra = "") => $$"""
    {
      "name": "{{name}}",
      "seed": 5,
      "dataset": { "layout": "us8k", "location": "{{Dataset}}", "folds": {{folds}} },
      "protocol": "scratch",
      "model": { "architecture": "resnet18", "width": 4 },
      "training": { "epochs": {{epochs}}, "batchSize": 8, "learningRate": 0.05 },
      "features": { "sampleRate": 8000, "nMels": 32, "nFft": 256, "hopLength": 128, "clipSeconds": 1.0 }{{extra}}
    }
    """;
}

/// <summary>Silo processes and a client of one test cluster.</summary>
public sealed class TestGrid(SiloProcessFixture fixture, string clusterId) : IAsyncDisposable
{
    private readonly List<SiloProcess> _silos = [];
    private IHost? _client;

    public IReadOnlyList<SiloProcess> Silos => _silos;

    public IConfiguration ClientConfiguration => new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["Cluster:Mode"] = "azure",
        ["Cluster:ClusterId"] = clusterId,
        ["Cluster:ServiceId"] = clusterId,
        ["Storage:ConnectionString"] = fixture.Azurite.ConnectionString,
        ["Storage:ClusteringTable"] = "M" + clusterId.Replace("-", ""),
        ["Messaging:ResponseTimeout"] = "00:00:10",
    }).Build();

    public async Task<SiloProcess> StartSiloAsync(int cpuSlots = 1)
    {
        var settings = fixture.SiloSettings(clusterId, cpuSlots);
        var silo = await SiloProcess.StartAsync(settings, TimeSpan.FromSeconds(60));
        _silos.Add(silo);
        return silo;
    }

    public async Task<IClusterClient> ClientAsync()
    {
        _client ??= await GridConnection.ConnectAsync(ClientConfiguration, CancellationToken.None);
        return _client.Client();
    }

    /// <summary>Forgets the client (after the whole cluster went down).</summary>
    public async Task DropClientAsync()
    {
        if (_client is null) return;
        try
        {
            await _client.StopAsync(new CancellationTokenSource(TimeSpan.FromSeconds(5)).Token);
        }
        catch (OperationCanceledException)
        {
            // Its gateways are gone; nothing to say goodbye to.
        }
        _client.Dispose();
        _client = null;
    }

    public async ValueTask DisposeAsync()
    {
        await DropClientAsync();
        foreach (var silo in _silos) await silo.DisposeAsync();
    }
}

// Run alone: the silo processes' timings (leases, heartbeats, membership) then do not compete with in-process
// training for a 2-core machine. (The NaN losses first blamed on that load were oneDNN's; docs/performance.md.)
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SiloProcessCollection : ICollectionFixture<SiloProcessFixture>
{
    public const string Name = "silo processes";
}
