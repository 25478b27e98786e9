using Grid.Grains;
using Grid.Grains.Specs;
using Xunit;

namespace Grid.Tests.Cluster;

/// <summary>The plan an experiment stores at launch, and a resume that starts each fold once.</summary>
[Collection(GridClusterCollection.Name)]
[Trait("Category", "Cluster")]
public sealed class ExperimentPlanGrainTests(GridClusterFixture fixture)
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    private IExperimentGrain Experiment(string id) => fixture.Cluster.Client.GetGrain<IExperimentGrain>(id);

    [Fact]
    public async Task TheStoredPlanIsServedAndAResumeStartsEveryFoldExactlyOnce()
    {
        var id = "e" + Guid.NewGuid().ToString("N")[..10];
        var dataset = GridClusterFixture.NewDataset();
        var spec = SpecSamples.Tiny(location: dataset, search: """{ "training.learningRate": { "grid": [0.1, 0.01] } }""");
        var executor = GridClusterFixture.Executor;
        var gate = executor.Gates[dataset] = new ManualResetEventSlim(false);
        string[] folds;
        try
        {
            await Experiment(id).LaunchAsync(spec);
            var plan = await Experiment(id).GetPlanAsync();
            var expected = SweepPlanner.Plan(id, spec).Trials;
            Assert.Equal(expected.Select(t => (t.Index, t.Parameters["training.learningRate"])), plan.Select(t => (t.Index, t.Parameters["training.learningRate"])));
            Assert.Equal(expected.SelectMany(t => t.Folds).Select(f => Grid.Learning.RequestFormat.Serialize(f.Request)), plan.SelectMany(t => t.Folds).Select(f => Grid.Learning.RequestFormat.Serialize(f.Request)));

            folds = plan.SelectMany(t => t.Folds.Select(f => GrainKeys.Fold(GrainKeys.Trial(id, t.Index), f.Fold))).ToArray();
            Assert.Equal(6, folds.Length);
            Assert.All(folds, key => Assert.Equal(1, GridClusterFixture.FoldStartCalls.GetValueOrDefault(key)));
            await Eventually.WaitAsync(() => Experiment(id).GetSnapshotAsync(),
                s => s.Trials.Count == 2 && s.Trials.Sum(t => t.Folds.Count(f => f.State == FoldState.Running)) == 4, Limit, "four folds run, two are queued");

            await Experiment(id).ResumeAsync();

            Assert.All(folds, key => Assert.Equal(2, GridClusterFixture.FoldStartCalls.GetValueOrDefault(key)));
        }
        finally
        {
            gate.Set();
        }

        var snapshot = await Eventually.WaitAsync(() => Experiment(id).GetSnapshotAsync(), s => s.State == ExperimentState.Succeeded, Limit, "the sweep succeeds");
        Assert.All(snapshot.Trials.SelectMany(t => t.Folds), f => Assert.Equal((FoldState.Succeeded, 0, 0, 0), (f.State, f.Attempts, f.Interruptions, f.ResumedFromEpoch)));
        Assert.Equal(6, executor.FoldStarts.Count(s => s.Root == dataset));
        await Assert.ThrowsAsync<KeyNotFoundException>(() => Experiment("e-never-launched").GetPlanAsync());
    }
}
