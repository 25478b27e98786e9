using Grid.Grains;
using Grid.Silo;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using Xunit;

namespace Grid.Tests.Cluster;

/// <summary>
/// A silo's warm-up passes an experiment's and a trial's state for its built-in plan through the grid's grain storage
/// serializer, so that a launch's first state writes on that silo do not pay the serializer's first use of those types.
/// </summary>
[Collection(GridClusterCollection.Name)]
[Trait("Category", "Cluster")]
public sealed class PlannerWarmUpStateTests(GridClusterFixture fixture)
{
    private IGrainStorageSerializer Serializer =>
        fixture.PrimarySiloServices.GetRequiredService<IGrainStorageSerializer>();

    [Fact]
    public void TheWarmUpsStatesGoThroughTheGrainStorageSerializerAndBack()
    {
        var plan = PlannerWarmUp.Plan();

        var bytes = PlannerWarmUp.RoundTripStates(plan, Serializer);

        // The spec alone is about 1 KB; the experiment's state also holds every trial's folds and requests.
        Assert.True(bytes > 2 * PlannerWarmUp.Spec.Length, $"{bytes} bytes");
    }

    [Fact]
    public void AStateThatDoesNotReadBackIsReportedNotIgnored()
    {
        var error = Assert.Throws<InvalidOperationException>(() => PlannerWarmUp.RoundTripStates(PlannerWarmUp.Plan(), new LosesThePlan(Serializer)));

        Assert.Contains("did not read back", error.Message);
    }

    /// <summary>The grid's serializer, but an experiment's state comes back without its plan.</summary>
    private sealed class LosesThePlan(IGrainStorageSerializer inner) : IGrainStorageSerializer
    {
        public BinaryData Serialize<T>(T? input) => inner.Serialize(input);

        public T? Deserialize<T>(BinaryData input)
        {
            var value = inner.Deserialize<T>(input);
            if (value is ExperimentGrainState experiment) experiment.Plan = null;
            return value;
        }
    }
}
