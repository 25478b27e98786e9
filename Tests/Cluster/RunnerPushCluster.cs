using System.Globalization;
using Grid.Grains;
using Grid.Silo;
using Grid.Silo.Configuration;
using Grid.Silo.Runner;
using Grid.Storage;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using Xunit;

namespace Grid.Tests.Cluster;

/// <summary>
/// A one-silo in-process cluster (2 CPU slots, scripted executor) whose runner polls at <paramref name="pollInterval"/>;
/// with <paramref name="loseNotices"/> every <see cref="IRunnerObserver.WorkAvailable"/> the scheduler sends is dropped
/// on its way out, as a lost message would be.
/// </summary>
public abstract class RunnerPushCluster(TimeSpan pollInterval, bool loseNotices) : IAsyncLifetime
{
    private const string PollKey = "RunnerPushTest:PollMilliseconds";
    private const string LoseKey = "RunnerPushTest:LoseNotices";
    private static long _lostNotices;

    public static ScriptedJobExecutor Executor { get; } = new();

    /// <summary>Notices dropped so far by every cluster of this kind that loses them.</summary>
    public static long LostNotices => Interlocked.Read(ref _lostNotices);

    public TestCluster Cluster { get; private set; } = null!;

    public string Root { get; } = Directory.CreateTempSubdirectory("grid-push-").FullName;

    public async Task InitializeAsync()
    {
        var builder = new TestClusterBuilder(1);
        builder.Properties[PollKey] = pollInterval.TotalMilliseconds.ToString(CultureInfo.InvariantCulture);
        builder.Properties[LoseKey] = loseNotices.ToString();
        builder.Properties["RunnerPushTest:Root"] = Root;
        builder.AddSiloBuilderConfigurator<SiloConfigurator>();
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
        Directory.Delete(Root, recursive: true);
    }

    public string NewDataset() => Directory.CreateDirectory(Path.Combine(Root, "data", Guid.NewGuid().ToString("N"))).FullName;

    private sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            var configuration = siloBuilder.Configuration;
            var root = configuration["RunnerPushTest:Root"]!;
            var lose = bool.Parse(configuration[LoseKey]!);
            siloBuilder.AddMemoryGrainStorage(GridStorage.Name);
            siloBuilder.AddOutgoingGrainCallFilter(async call =>
            {
                if (lose && call.InterfaceMethod?.DeclaringType == typeof(IRunnerObserver))
                {
                    Interlocked.Increment(ref _lostNotices);
                    return;
                }
                await call.Invoke();
            });
            siloBuilder.Services.AddSingleton<IJobExecutor>(Executor);
            var stores = new GridStores(new DirectoryBlobStore(Path.Combine(root, "artifacts")), new DirectoryBlobStore(Path.Combine(root, "datasets")));
            var runner = new RunnerSettings
            {
                CpuSlots = 2,
                Gpus = 0,
                HeartbeatInterval = TimeSpan.FromMilliseconds(200),
                PollInterval = TimeSpan.FromMilliseconds(double.Parse(configuration[PollKey]!, CultureInfo.InvariantCulture)),
                CacheDirectory = Path.Combine(root, "cache"),
            };
            siloBuilder.AddGridRunner(stores, runner, new SchedulerOptions { LeaseTimeout = TimeSpan.FromSeconds(3), ExpiryCheckInterval = TimeSpan.FromMilliseconds(500) });
        }
    }
}

/// <summary>Polls every ten minutes: within a test, only the scheduler's notice can start a job.</summary>
public sealed class LongPollCluster() : RunnerPushCluster(TimeSpan.FromMinutes(10), loseNotices: false);

/// <summary>Loses every notice and polls every second: jobs start through the safety net alone.</summary>
public sealed class LostNoticeCluster() : RunnerPushCluster(TimeSpan.FromSeconds(1), loseNotices: true);
