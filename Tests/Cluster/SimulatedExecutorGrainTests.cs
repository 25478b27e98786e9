using System.Diagnostics;
using Grid.Grains;
using Xunit;

namespace Grid.Tests.Cluster;

/// <summary>A sweep on a silo whose runner settings select the simulated executor: real grains, no training.</summary>
[Trait("Category", "Cluster")]
public sealed class SimulatedExecutorGrainTests(SimulatedExecutorCluster cluster) : IClassFixture<SimulatedExecutorCluster>
{
    [Fact]
    public async Task ASweepOfSimulatedFoldsRunsThroughTheGrains()
    {
        var experiment = cluster.Cluster.Client.GetGrain<IExperimentGrain>("e" + Guid.NewGuid().ToString("N")[..10]);
        var watch = Stopwatch.StartNew();
        await experiment.LaunchAsync(SpecSamples.Tiny(location: cluster.NewDataset(), folds: "[1, 2]", epochs: 3));

        var snapshot = await Eventually.WaitAsync(() => experiment.GetSnapshotAsync(), s => s.State != ExperimentState.Running, TimeSpan.FromSeconds(60),
            "the simulated sweep finishes");

        Assert.Equal(ExperimentState.Succeeded, snapshot.State);
        // Two folds side by side on two slots, three 200 ms epochs each.
        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(600), $"finished after {watch.Elapsed.TotalMilliseconds} ms");
        Assert.All(snapshot.Trials.Single().Folds, fold =>
        {
            Assert.Equal(FoldState.Succeeded, fold.State);
            Assert.Equal(3, fold.EpochAccuracies.Count);
            // The simulated executor's curve, not the scripted one's (0.3 + 0.1 × epoch + …).
            for (var epoch = 1; epoch <= 3; epoch++)
                Assert.InRange(fold.EpochAccuracies[epoch - 1], 0.9 - 0.4 / epoch, 0.92 - 0.4 / epoch);
            Assert.NotNull(fold.ArtifactsBlob);
        });
    }
}
