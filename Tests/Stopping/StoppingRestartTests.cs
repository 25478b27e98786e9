using Azure.Storage.Blobs;
using Grid.Grains;
using Grid.Tests.Cluster;
using Grid.Tests.Infrastructure;
using Orleans.TestingHost;
using Xunit;

namespace Grid.Tests.Stopping;

/// <summary>A whole-cluster restart in the middle of a pruned sweep: grain state in Blob storage on Azurite, the scripted executor.</summary>
[Trait("Category", "Cluster")]
public sealed class StoppingRestartTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(90);
    private static readonly ScriptedJobExecutor Executor = new();
    private static string _connectionString = "";
    private static readonly string Root = Directory.CreateTempSubdirectory("grid-stop-restart-").FullName;

    [Fact]
    public async Task EveryDecisionSurvivesARestartAndStoppedFoldsStayStopped()
    {
        _connectionString = azurite.ConnectionString;
        var serviceId = "stop-" + Guid.NewGuid().ToString("N")[..8];
        var dataset = Directory.CreateDirectory(Path.Combine(Root, "data", serviceId)).FullName;
        var gate = Executor.Gates[dataset] = new ManualResetEventSlim(true);
        Executor.EpochDelays[dataset] = TimeSpan.FromSeconds(1); // blob writes are slower than memory: the decisions must come before the losers' last folds
        // Folds 3–5 wait until after the restart, so that the sweep has work left to go on with whenever the first decision comes.
        var laterFolds = new ManualResetEventSlim(false);
        foreach (var fold in new[] { 3, 4, 5 })
            Executor.FoldGates[(dataset, fold)] = laterFolds;
        const string id = "pruned";

        var first = await StartAsync(serviceId);
        await first.Client.GetGrain<IExperimentGrain>(id).LaunchAsync(StoppingSweepGrainTests.PrunedSpec(dataset));
        await Eventually.WaitAsync(() => first.Client.GetGrain<IExperimentGrain>(id).GetSnapshotAsync(),
            s => s.StopDecisions.Count >= 1, Limit, "a first decision");
        gate.Reset();
        var before = await first.Client.GetGrain<IExperimentGrain>(id).GetSnapshotAsync();
        await first.StopAllSilosAsync();
        await first.DisposeAsync();
        var startsBefore = Executor.FoldStarts.Count(s => s.Root == dataset);

        var second = await StartAsync(serviceId);
        try
        {
            var restarted = await second.Client.GetGrain<IExperimentGrain>(id).GetSnapshotAsync();
            Assert.Subset(restarted.StopDecisions.Select(Evidence).ToHashSet(), before.StopDecisions.Select(Evidence).ToHashSet());
            gate.Set();
            laterFolds.Set();
            var after = await Eventually.WaitAsync(() => second.Client.GetGrain<IExperimentGrain>(id).GetSnapshotAsync(),
                s => s.State != ExperimentState.Running, Limit, "the pruned sweep ends after the restart");

            Assert.Equal(ExperimentState.Succeeded, after.State);
            Assert.Subset(after.StopDecisions.Select(Evidence).ToHashSet(), before.StopDecisions.Select(Evidence).ToHashSet());
            var stoppedBefore = before.Trials.SelectMany(t => t.Folds).Where(f => f.IsStopped).Select(f => f.Key).ToHashSet();
            var folds = after.Trials.SelectMany(t => t.Folds).ToDictionary(f => f.Key);
            Assert.All(stoppedBefore, key => Assert.True(folds[key].IsStopped, $"{key} ran again after the restart"));
            var rerun = Executor.FoldStarts.Skip(startsBefore).Where(s => s.Root == dataset).ToArray();
            foreach (var decision in after.ActiveStops.Where(d => d.StopsTrial))
                Assert.All(after.Trials[decision.TrialIndex].Folds, f => Assert.True(f.State == FoldState.Succeeded || f.IsStopped, $"{f.Key} {f.State}"));
            Assert.True(after.Trials.Sum(t => t.FoldsSucceeded) < 20, "the restarted sweep ran every fold: " + StoppingSweepGrainTests.Describe(after) + " BEFORE " + StoppingSweepGrainTests.Describe(before));
            Assert.NotEmpty(rerun); // the sweep did go on after the restart
        }
        finally
        {
            gate.Set();
            laterFolds.Set();
            await second.StopAllSilosAsync();
            await second.DisposeAsync();
        }
    }

    /// <summary>A decision's evidence as a value (the record's folds are a list, compared by reference).</summary>
    private static string Evidence(StopDecision d) =>
        $"{d.TrialIndex}/{d.Fold}/{d.Rule}/{string.Join(",", d.ComparedFolds)}/{d.AgainstTrial}/{d.Statistic:R}/{d.PValue:R}/{d.DecidedAt:O}/{d.Reason}";

    private static async Task<TestCluster> StartAsync(string serviceId)
    {
        var builder = new TestClusterBuilder(2);
        builder.Options.ServiceId = serviceId;
        builder.AddSiloBuilderConfigurator<SiloConfigurator>();
        builder.AddClientBuilderConfigurator<GridClusterFixture.ClientConfigurator>();
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }

    private sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            siloBuilder.AddAzureBlobGrainStorage(GridStorage.Name, options =>
            {
                options.BlobServiceClient = new BlobServiceClient(_connectionString);
                options.ContainerName = "grid-stop-restart";
            });
            GridClusterFixture.AddScriptedRunner(siloBuilder, Executor, Root);
        }
    }
}
