using Grid.Grains;
using Grid.Grains.Specs;
using Grid.Learning;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using Xunit;

namespace Grid.Tests.Cluster;

/// <summary>
/// State written before job requests were typed holds each request as JSON (the old <c>RequestJson</c> field): an
/// experiment activated on such state serves its plan with typed requests, equal to the ones its spec plans today, and
/// the upgraded definitions are written and read back by the grid's grain storage serializer.
/// </summary>
[Collection(GridClusterCollection.Name)]
[Trait("Category", "Cluster")]
public sealed class StoredRequestUpgradeTests(GridClusterFixture fixture)
{
    private IServiceProvider SiloServices => fixture.PrimarySiloServices;

    [Fact]
    public async Task AnExperimentStoredWithJsonRequestsServesItsPlanTyped()
    {
        var id = "e" + Guid.NewGuid().ToString("N")[..10];
        var spec = SpecSamples.Tiny(location: GridClusterFixture.NewDataset());
        var planned = SweepPlanner.Plan(id, spec).Trials;
        var state = new ExperimentGrainState
        {
            SpecJson = spec,
            Name = "stored before typed requests",
            State = ExperimentState.Succeeded,
            TrialCount = planned.Count,
            Plan = [.. planned.Select(AsStoredBefore)],
        };
        var experiment = fixture.Cluster.Client.GetGrain<IExperimentGrain>(id);
        var storage = SiloServices.GetRequiredKeyedService<IGrainStorage>(GridStorage.Name);
        await storage.WriteStateAsync("experiment", experiment.GetGrainId(), new GrainState<ExperimentGrainState>(state));

        var plan = await experiment.GetPlanAsync();

        Assert.Equal(planned.Count, plan.Count);
        var folds = plan.SelectMany(trial => trial.Folds).ToArray();
        Assert.NotEmpty(folds);
        Assert.Equal(planned.SelectMany(t => t.Folds).Select(f => RequestFormat.Serialize(f.Request)), folds.Select(f => RequestFormat.Serialize(f.Request)));
#pragma warning disable CS0618 // the old field is read once and cleared
        Assert.All(folds, fold => Assert.Null(fold.RequestJson));
#pragma warning restore CS0618
    }

    [Fact]
    public void UpgradedDefinitionsAreWrittenAndReadBackByTheGrainStorageSerializer()
    {
        var serializer = SiloServices.GetRequiredService<IGrainStorageSerializer>();
        var planned = SweepPlanner.Plan("upgrade", SpecSamples.Tiny(location: GridClusterFixture.NewDataset())).Trials[0];
        var upgraded = serializer.Deserialize<TrialGrainState>(serializer.Serialize(new TrialGrainState { Definition = AsStoredBefore(planned) }))!
            .Definition!.WithTypedRequests();

        var read = serializer.Deserialize<TrialGrainState>(serializer.Serialize(new TrialGrainState { Definition = upgraded }))!.Definition!;

        Assert.Equal(planned.Folds.Select(f => RequestFormat.Serialize(f.Request)), read.Folds.Select(f => RequestFormat.Serialize(f.Request)));
    }

#pragma warning disable CS0618 // writes the old field, as state stored before requests were typed held it
    private static TrialDefinition AsStoredBefore(TrialDefinition trial) => trial with
    {
        Folds = trial.Folds.Select(fold => fold with { Request = null!, RequestJson = RequestFormat.Serialize(fold.Request) }).ToArray(),
    };
#pragma warning restore CS0618
}
