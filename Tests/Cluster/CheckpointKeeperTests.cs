using Grid.Silo.Runner;
using Xunit;

namespace Grid.Tests.Cluster;

[Trait("Category", "Unit")]
public sealed class CheckpointKeeperTests
{
    [Fact]
    public void KeepsTheLastAndTheBestAndDeletesTheRestOnceANewerOneIsAccepted()
    {
        var keeper = new CheckpointKeeper(CheckpointRetention.LastAndBest, last: "e2", best: "e1", bestAccuracy: 0.5, rankByAccuracy: true);

        Assert.Equal(["e2"], keeper.Accepted("e3", 0.4));
        Assert.Equal(("e3", "e1"), (keeper.Last, keeper.Best));
        Assert.Equal(["e3", "e1"], keeper.Accepted("e4", 0.6));
        Assert.Empty(keeper.Accepted("e5", 0.6));
        Assert.Equal(("e5", "e4"), (keeper.Last, keeper.Best));
    }

    [Fact]
    public void APretrainingRunKeepsItsLastCheckpointAndAllKeepsEveryOne()
    {
        var pretraining = new CheckpointKeeper(CheckpointRetention.LastAndBest, last: "p1", best: null, bestAccuracy: 0, rankByAccuracy: false);
        Assert.Equal(["p1"], pretraining.Accepted("p2", 0));
        Assert.Equal(["p2"], pretraining.Accepted("p3", 0));

        var all = new CheckpointKeeper(CheckpointRetention.All, last: "e1", best: "e1", bestAccuracy: 0.5, rankByAccuracy: true);
        Assert.Empty(all.Accepted("e2", 0.1));
        Assert.Empty(all.Accepted("e3", 0.9));
    }
}
