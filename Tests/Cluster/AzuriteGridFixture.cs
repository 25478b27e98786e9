using Azure.Storage.Blobs;
using Grid.Grains;
using Grid.Silo;
using Grid.Silo.Configuration;
using Grid.Silo.Runner;
using Grid.Storage;
using Grid.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.TestingHost;
using Xunit;

namespace Grid.Tests.Cluster;

/// <summary>
/// An in-process two-silo cluster whose grain state and artifact blobs live in a real Azurite process (which a test may
/// kill and restart), with the scripted executor and artifact writes that tests can make fail (<see cref="FaultyBlobStore"/>).
/// </summary>
public sealed class AzuriteGridFixture : IAsyncLifetime
{
    public static readonly TimeSpan LeaseTimeout = TimeSpan.FromSeconds(3);
    private static readonly AzuriteProcess AzuriteInstance = new();

    public static ScriptedJobExecutor Executor { get; } = new();
    public static string Root { get; } = Directory.CreateTempSubdirectory("grid-azurite-cluster-").FullName;

    public AzuriteProcess Azurite => AzuriteInstance;
    public TestCluster Cluster { get; private set; } = null!;

    /// <summary>The artifact container as the silos see it, without injected faults.</summary>
    public IBlobStore Artifacts => ArtifactStore();

    public async Task InitializeAsync()
    {
        await AzuriteInstance.StartAsync();
        var builder = new TestClusterBuilder(2);
        builder.AddSiloBuilderConfigurator<SiloConfigurator>();
        builder.AddClientBuilderConfigurator<GridClusterFixture.ClientConfigurator>();
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
        await AzuriteInstance.DisposeAsync();
        Directory.Delete(Root, recursive: true);
    }

    /// <summary>A fresh dataset folder: the scripted executor keys gates, durations and failures by it.</summary>
    public static string NewDataset() => Directory.CreateDirectory(Path.Combine(Root, "data", Guid.NewGuid().ToString("N"))).FullName;

    private static AzureBlobStore ArtifactStore() =>
        new(new BlobServiceClient(AzuriteInstance.ConnectionString).GetBlobContainerClient("grid-artifacts"));

    private sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            siloBuilder.AddAzureBlobGrainStorage(GridStorage.Name, options =>
            {
                options.BlobServiceClient = new BlobServiceClient(AzuriteInstance.ConnectionString);
                options.ContainerName = "grid-state";
            });
            siloBuilder.Services.AddSingleton<IJobExecutor>(Executor);
            if (Environment.GetEnvironmentVariable("GRID_TEST_SILO_LOG") is { Length: > 0 } log)
                siloBuilder.Services.AddLogging(logging => logging.AddProvider(new FileLoggerProvider(log)));
            var stores = new GridStores(new FaultyBlobStore(ArtifactStore()), new DirectoryBlobStore(Path.Combine(Root, "datasets")));
            var runner = new RunnerSettings
            {
                CpuSlots = 2,
                Gpus = 0,
                HeartbeatInterval = TimeSpan.FromMilliseconds(300),
                PollInterval = TimeSpan.FromMilliseconds(100),
                CacheDirectory = Path.Combine(Root, "cache", Guid.NewGuid().ToString("N")),
            };
            siloBuilder.AddGridRunner(stores, runner, new SchedulerOptions { LeaseTimeout = LeaseTimeout, ExpiryCheckInterval = TimeSpan.FromMilliseconds(500) });
        }
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AzuriteGridCollection : ICollectionFixture<AzuriteGridFixture>
{
    public const string Name = "grid cluster on azurite";
}
