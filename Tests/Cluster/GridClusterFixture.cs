using Orleans.Serialization;
using System.Collections.Concurrent;
using Grid.Grains;
using Grid.Silo;
using Grid.Silo.Configuration;
using Grid.Silo.Runner;
using Grid.Silo.Storage;
using Grid.Storage;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using Xunit;

namespace Grid.Tests.Cluster;

/// <summary>An in-process two-silo cluster with in-memory grain storage, folder blob stores and the scripted executor.</summary>
public sealed class GridClusterFixture : IAsyncLifetime
{
    public static ScriptedJobExecutor Executor { get; } = new();
    public static string Root { get; } = Directory.CreateTempSubdirectory("grid-cluster-").FullName;
    /// <summary>Calls that start a fold (<c>StartAsync</c>, <c>StartOrResumeAsync</c>) received, by fold key.</summary>
    public static ConcurrentDictionary<string, int> FoldStartCalls { get; } = new();

    public TestCluster Cluster { get; private set; } = null!;

    /// <summary>The services of the cluster's first (in-process) silo: its grain storage serializer, its options.</summary>
    public IServiceProvider PrimarySiloServices => ((InProcessSiloHandle)Cluster.Primary!).SiloHost.Services;

    public IBlobStore Artifacts { get; } = new DirectoryBlobStore(Path.Combine(Root, "artifacts"));

    public async Task InitializeAsync()
    {
        var builder = new TestClusterBuilder(2);
        builder.AddSiloBuilderConfigurator<SiloConfigurator>();
        builder.AddClientBuilderConfigurator<ClientConfigurator>();
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
        Directory.Delete(Root, recursive: true);
    }

    /// <summary>A fresh dataset folder: the scripted executor keys gates and failures by it.</summary>
    public static string NewDataset() => Directory.CreateDirectory(Path.Combine(Root, "data", Guid.NewGuid().ToString("N"))).FullName;

    /// <summary>The console's serializer set (typed request records); every test cluster's client needs it.</summary>
    internal sealed class ClientConfigurator : IClientBuilderConfigurator
    {
        public void Configure(Microsoft.Extensions.Configuration.IConfiguration configuration, IClientBuilder clientBuilder) =>
            clientBuilder.Services.AddSerializer(serializer => serializer.AddRequestRecords());
    }

    private sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            siloBuilder.AddMemoryGrainStorage(GridStorage.Name);
            siloBuilder.AddIncomingGrainCallFilter(async call =>
            {
                if (call.InterfaceMethod?.DeclaringType == typeof(IFoldGrain) && call.MethodName is nameof(IFoldGrain.StartAsync) or nameof(IFoldGrain.StartOrResumeAsync))
                    FoldStartCalls.AddOrUpdate(call.TargetId.Key.ToString()!, 1, (_, calls) => calls + 1);
                await call.Invoke();
            });
            AddScriptedRunner(siloBuilder, Executor, Root);
        }
    }

    /// <summary>The grid's runner on a test silo: two CPU slots, fast heartbeats and polls, a 3 s lease, the given executor, folder blob stores under <paramref name="root"/>.</summary>
    public static void AddScriptedRunner(ISiloBuilder siloBuilder, IJobExecutor executor, string root)
    {
        siloBuilder.Services.AddSingleton(executor);
        var stores = new GridStores(new DirectoryBlobStore(Path.Combine(root, "artifacts")), new DirectoryBlobStore(Path.Combine(root, "datasets")));
        var runner = new RunnerSettings
        {
            CpuSlots = 2,
            Gpus = 0,
            HeartbeatInterval = TimeSpan.FromMilliseconds(200),
            PollInterval = TimeSpan.FromMilliseconds(100),
            CacheDirectory = Path.Combine(root, "cache", Guid.NewGuid().ToString("N")),
        };
        siloBuilder.AddGridRunner(stores, runner, new SchedulerOptions { LeaseTimeout = TimeSpan.FromSeconds(3), ExpiryCheckInterval = TimeSpan.FromMilliseconds(500) });
    }
}

[CollectionDefinition(Name)]
public sealed class GridClusterCollection : ICollectionFixture<GridClusterFixture>
{
    public const string Name = "grid cluster";
}
