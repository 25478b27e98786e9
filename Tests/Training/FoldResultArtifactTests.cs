using Grid.Learning.Training;
using Grid.Storage;
using MessagePack;
using MessagePack.Resolvers;
using Xunit;

namespace Grid.Tests.Training;

[Trait("Category", "Unit")]
public sealed class FoldResultArtifactTests
{
    private static FoldResult Result() =>
        new(["a", "b"], [new EpochMetrics(1, 0.5, 0.6, 0.75, [1, 0.5], [0.5, 1], [0.6, 0.6], [[1, 1], [0, 2]], 1.5)], 1, 0.75, 5,
            new FoldPredictions(["x.wav", "y.wav"], [0, 1], [0, 1], [[0.1f, 0.2f], [0.3f, 0.4f]]));

    [Fact]
    public void TheInitialisationSurvivesTheMessagePackArtifact()
    {
        var stored = Result() with { Initialisation = "MoCo v1 (fsd50k)" };
        var read = ArtifactSerializer.Deserialize<FoldResult>(new MemoryStream(ArtifactSerializer.Serialize(stored)));
        Assert.Equal("MoCo v1 (fsd50k)", read.Initialisation);
        Assert.Equal(5, read.ChosenK);
        Assert.Equal(stored.Classes, read.Classes);
    }

    [Fact]
    public void AnArtifactWrittenBeforeTheInitialisationWasRecordedReadsAsUnknown()
    {
        // An older result: the same map without the "Initialisation" key.
        var options = ContractlessStandardResolver.Options;
        var map = MessagePackSerializer.Deserialize<Dictionary<object, object?>>(ArtifactSerializer.Serialize(Result() with { Initialisation = "scratch" }), options);
        Assert.True(map.Remove("Initialisation"));
        var old = MessagePackSerializer.Serialize(map, options);

        var read = ArtifactSerializer.Deserialize<FoldResult>(new MemoryStream(old));
        Assert.Equal("unknown", read.Initialisation);
        Assert.Equal(0.75, read.BestAccuracy);
    }
}
