using Grid.Grains;
using Xunit;

namespace Grid.Tests.Cluster;

public sealed class TrialAggregatorTests
{
    [Fact]
    public void AggregatesPerEpochMeanAndPopulationStdOverFolds()
    {
        var aggregate = TrialAggregator.Aggregate(new Dictionary<int, IReadOnlyList<double>>
        {
            [1] = [0.5, 0.7, 0.6],
            [2] = [0.3, 0.5, 0.8],
        });

        Assert.Equal(2, aggregate.FoldsCovered);
        Assert.Equal([0.4, 0.6, 0.7], aggregate.EpochMean.Select(v => Math.Round(v, 12)));
        Assert.Equal([0.1, 0.1, 0.1], aggregate.EpochStd.Select(v => Math.Round(v, 12)));
        Assert.Equal(3, aggregate.BestEpoch);
        Assert.Equal(0.7, aggregate.BestAverageAccuracy, 12);
        Assert.Equal(0.1, aggregate.BestAverageStd, 12);
        Assert.Equal(0.7, aggregate.LastEpochMean, 12);
        Assert.Equal(0.7, aggregate.PerFoldBest[1], 12);
        Assert.Equal(0.8, aggregate.PerFoldBest[2], 12);
    }

    [Fact]
    public void BestAverageIsTheMaxOfTheFoldMeanNotTheMeanOfFoldMaxima()
    {
        var aggregate = TrialAggregator.Aggregate(new Dictionary<int, IReadOnlyList<double>>
        {
            [1] = [0.9, 0.1],
            [2] = [0.1, 0.9],
        });

        Assert.Equal(0.5, aggregate.BestAverageAccuracy, 12);
        Assert.Equal(0.4, aggregate.BestAverageStd, 12);
        Assert.Equal(0.9, aggregate.PerFoldBest.Values.Average(), 12);
    }

    [Fact]
    public void NoFoldsGiveAnEmptyAggregate()
    {
        Assert.Equal(0, TrialAggregator.Aggregate(new Dictionary<int, IReadOnlyList<double>>()).FoldsCovered);
        Assert.Equal(0, TrialAggregator.Aggregate(new Dictionary<int, IReadOnlyList<double>> { [1] = [] }).FoldsCovered);
    }
}
