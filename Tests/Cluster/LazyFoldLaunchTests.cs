using System.Diagnostics;
using Grid.Grains;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Core.Internal;
using Orleans.Storage;
using Xunit;

namespace Grid.Tests.Cluster;

/// <summary>
/// A launch queues its folds without writing them (the trial's stored definition is their record): a queued fold is shown
/// queued by its trial, and a queued fold that was deactivated before it ran, its trial too, asks the trial for its
/// definition when a runner begins it, and runs.
/// </summary>
[Collection(GridClusterCollection.Name)]
[Trait("Category", "Cluster")]
public sealed class LazyFoldLaunchTests(GridClusterFixture fixture)
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);
    /// <summary>Well under the 30 s response timeout a fold and its activating trial would wait out if they deadlocked.</summary>
    private static readonly TimeSpan AfterRelease = TimeSpan.FromSeconds(15);

    private IGrainFactory Grains => fixture.Cluster.Client;
    private IServiceProvider SiloServices => fixture.PrimarySiloServices;

    [Fact]
    public async Task QueuedFoldsAreNotWrittenAndOneDeactivatedWithItsTrialBeforeItRunsStillRuns()
    {
        var id = "lazy" + Guid.NewGuid().ToString("N")[..8];
        var dataset = GridClusterFixture.NewDataset();
        var executor = GridClusterFixture.Executor;
        var gate = executor.Gates[dataset] = new ManualResetEventSlim(false);
        var experiment = Grains.GetGrain<IExperimentGrain>(id);
        Stopwatch released;
        try
        {
            await experiment.LaunchAsync(SpecSamples.Tiny(location: dataset, search: """{ "training.learningRate": { "grid": [0.1, 0.01] } }"""));
            var running = await Eventually.WaitAsync(() => experiment.GetSnapshotAsync(),
                s => s.Trials.Count == 2 && s.Trials.Sum(t => t.Folds.Count(f => f.State == FoldState.Running)) == 4, Limit, "four folds run, two are queued");

            var queued = running.Trials.SelectMany(t => t.Folds).Where(f => f.State == FoldState.Queued).ToArray();
            Assert.Equal(2, queued.Length);
            Assert.All(queued, fold => Assert.Equal(3, fold.TotalEpochs));
            var storage = SiloServices.GetRequiredKeyedService<IGrainStorage>(GridStorage.Name);
            foreach (var fold in queued)
            {
                var stored = new GrainState<FoldGrainState>();
                await storage.ReadStateAsync("fold", Grains.GetGrain<IFoldGrain>(fold.Key).GetGrainId(), stored);
                Assert.False(stored.RecordExists, $"{fold.Key} was written while queued");
            }

            var lazy = queued[0].Key;
            await Grains.GetGrain<IFoldGrain>(lazy).Cast<IGrainManagementExtension>().DeactivateOnIdle();
            await Grains.GetGrain<ITrialGrain>(GrainKeys.TrialOf(lazy)).Cast<IGrainManagementExtension>().DeactivateOnIdle();
            released = Stopwatch.StartNew();
        }
        finally
        {
            gate.Set();
        }

        var snapshot = await Eventually.WaitAsync(() => experiment.GetSnapshotAsync(), s => s.State != ExperimentState.Running, Limit, "the sweep finishes");
        Assert.True(released.Elapsed < AfterRelease, $"finished {released.Elapsed} after the gate opened");
        Assert.Equal(ExperimentState.Succeeded, snapshot.State);
        Assert.All(snapshot.Trials.SelectMany(t => t.Folds), f => Assert.Equal((FoldState.Succeeded, 0, 0, 3), (f.State, f.Attempts, f.Interruptions, f.EpochAccuracies.Count)));
        Assert.Equal(6, executor.FoldStarts.Count(s => s.Root == dataset));
    }
}
