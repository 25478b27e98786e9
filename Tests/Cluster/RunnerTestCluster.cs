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
/// A one-silo in-process cluster (2 CPU slots) whose runner polls at <paramref name="pollInterval"/>; with
/// <paramref name="loseNotices"/> every <see cref="IRunnerObserver.WorkAvailable"/> the scheduler sends is dropped on its
/// way out, as a lost message would be. Jobs run on the scripted executor, or with <paramref name="simulatedEpoch"/> on
/// the silo's own simulated executor (<c>Runner:Executor = simulated</c>). The runner's heartbeat comes every
/// <paramref name="heartbeat"/> (200 ms by default); the lease timeout is 15 heartbeats, at least 3 s.
/// </summary>
public abstract class RunnerTestCluster(TimeSpan pollInterval, bool loseNotices, TimeSpan? simulatedEpoch = null, TimeSpan? heartbeat = null) : IAsyncLifetime
{
    private const string PollKey = "RunnerPushTest:PollMilliseconds";
    private const string HeartbeatKey = "RunnerPushTest:HeartbeatMilliseconds";
    private const string LoseKey = "RunnerPushTest:LoseNotices";
    private const string SimulatedKey = "RunnerPushTest:SimulatedEpochMilliseconds";
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
        builder.Properties[HeartbeatKey] = (heartbeat ?? TimeSpan.FromMilliseconds(200)).TotalMilliseconds.ToString(CultureInfo.InvariantCulture);
        builder.Properties[SimulatedKey] = simulatedEpoch?.TotalMilliseconds.ToString(CultureInfo.InvariantCulture) ?? "";
        builder.Properties["RunnerPushTest:Root"] = Root;
        builder.AddSiloBuilderConfigurator<SiloConfigurator>();
        builder.AddClientBuilderConfigurator<GridClusterFixture.ClientConfigurator>();
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
            var simulated = configuration[SimulatedKey] is { Length: > 0 } milliseconds ? double.Parse(milliseconds, CultureInfo.InvariantCulture) : (double?)null;
            if (simulated is null) siloBuilder.Services.AddSingleton<IJobExecutor>(Executor);
            var stores = new GridStores(new DirectoryBlobStore(Path.Combine(root, "artifacts")), new DirectoryBlobStore(Path.Combine(root, "datasets")));
            var heartbeat = TimeSpan.FromMilliseconds(double.Parse(configuration[HeartbeatKey]!, CultureInfo.InvariantCulture));
            var leaseTimeout = TimeSpan.FromTicks(Math.Max(TimeSpan.FromSeconds(3).Ticks, heartbeat.Ticks * 15));
            var runner = new RunnerSettings
            {
                CpuSlots = 2,
                Gpus = 0,
                HeartbeatInterval = heartbeat,
                PollInterval = TimeSpan.FromMilliseconds(double.Parse(configuration[PollKey]!, CultureInfo.InvariantCulture)),
                CacheDirectory = Path.Combine(root, "cache"),
                Executor = simulated is null ? RunnerSettings.LearningExecutor : RunnerSettings.SimulatedExecutor,
                SimulatedEpoch = TimeSpan.FromMilliseconds(simulated ?? 0),
            };
            siloBuilder.AddGridRunner(stores, runner, new SchedulerOptions { LeaseTimeout = leaseTimeout, ExpiryCheckInterval = TimeSpan.FromMilliseconds(500) });
        }
    }
}

/// <summary>Polls every ten minutes: within a test, only the scheduler's notice can start a job.</summary>
public sealed class LongPollCluster() : RunnerTestCluster(TimeSpan.FromMinutes(10), loseNotices: false);

/// <summary>Loses every notice and polls every second: jobs start through the safety net alone.</summary>
public sealed class LostNoticeCluster() : RunnerTestCluster(TimeSpan.FromSeconds(1), loseNotices: true);

/// <summary>Runs jobs on the silo's simulated executor (200 ms epochs), selected by its runner settings.</summary>
public sealed class SimulatedExecutorCluster() : RunnerTestCluster(TimeSpan.FromSeconds(1), loseNotices: false, TimeSpan.FromMilliseconds(200));

/// <summary>
/// Simulated ten-minute epochs and a heartbeat every ten minutes: within a test, a running job learns that its lease was
/// revoked only from the scheduler's notice.
/// </summary>
public sealed class LongHeartbeatCluster() : RunnerTestCluster(TimeSpan.FromSeconds(1), loseNotices: false, TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(10));
