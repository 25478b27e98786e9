using Grid.Grains;
using Xunit;

namespace Grid.Tests.Cluster;

[Trait("Category", "Unit")]
public sealed class TrialAggregatorTests
{
    [Fact]
    public void AggregatesPerEpochMeanAndSampleStdOverFolds()
    {
        var aggregate = TrialAggregator.Aggregate(new Dictionary<int, IReadOnlyList<double>>
        {
            [1] = [0.5, 0.7, 0.6],
            [2] = [0.3, 0.5, 0.8],
        });

        Assert.Equal(2, aggregate.FoldsCovered);
        Assert.Equal([0.4, 0.6, 0.7], aggregate.EpochMean.Select(v => Math.Round(v, 12)));
        // Two values a, b have sample std |a − b| / √2.
        var std = 0.2 / Math.Sqrt(2);
        Assert.Equal(3, aggregate.EpochStd.Count);
        Assert.All(aggregate.EpochStd, value => Assert.Equal(std, value, 12));
        Assert.Equal(3, aggregate.BestEpoch);
        Assert.Equal(0.7, aggregate.BestAverageAccuracy, 12);
        Assert.Equal(std, aggregate.BestAverageStd, 12);
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
        Assert.Equal(0.8 / Math.Sqrt(2), aggregate.BestAverageStd, 12);
        Assert.Equal(0.9, aggregate.PerFoldBest.Values.Average(), 12);
    }

    [Fact]
    public void ASingleFoldHasZeroStd()
    {
        var aggregate = TrialAggregator.Aggregate(new Dictionary<int, IReadOnlyList<double>> { [4] = [0.2, 0.6] });

        Assert.Equal([0.0, 0.0], aggregate.EpochStd);
        Assert.Equal(0.0, aggregate.LastEpochStd);
        Assert.Equal(0.6, aggregate.BestAverageAccuracy, 12);
    }

    [Fact]
    public void AFixedSplitsTestAccuracyIsTakenAtTheBestValidationEpochNotAtItsOwnBest()
    {
        var aggregate = TrialAggregator.Aggregate(
            new Dictionary<int, IReadOnlyList<double>> { [2] = [0.4, 0.8, 0.6] },
            new Dictionary<int, IReadOnlyList<double>> { [2] = [0.9, 0.5, 0.7] });

        Assert.Equal(2, aggregate.BestEpoch);
        Assert.Equal(0.5, aggregate.TestAccuracyAtBest);
        Assert.Equal(0.0, aggregate.TestStdAtBest);
    }

    [Fact]
    public void TestAccuracyIsAveragedOverFoldsAndAbsentUnlessEveryFoldHasIt()
    {
        var validation = new Dictionary<int, IReadOnlyList<double>> { [1] = [0.5, 0.7], [2] = [0.3, 0.5] };
        var both = TrialAggregator.Aggregate(validation, new Dictionary<int, IReadOnlyList<double>> { [1] = [0.1, 0.6], [2] = [0.2, 0.4] });
        var one = TrialAggregator.Aggregate(validation, new Dictionary<int, IReadOnlyList<double>> { [1] = [0.1, 0.6], [2] = [] });

        Assert.Equal(0.5, both.TestAccuracyAtBest!.Value, 12);
        Assert.Equal(0.2 / Math.Sqrt(2), both.TestStdAtBest!.Value, 12);
        Assert.Null(one.TestAccuracyAtBest);
        Assert.Null(one.TestStdAtBest);
        Assert.Null(TrialAggregator.Aggregate(validation).TestAccuracyAtBest);
    }

    [Fact]
    public void NoFoldsGiveAnEmptyAggregate()
    {
        Assert.Equal(0, TrialAggregator.Aggregate(new Dictionary<int, IReadOnlyList<double>>()).FoldsCovered);
        Assert.Equal(0, TrialAggregator.Aggregate(new Dictionary<int, IReadOnlyList<double>> { [1] = [] }).FoldsCovered);
    }
}
