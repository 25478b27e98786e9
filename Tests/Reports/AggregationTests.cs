using Grid.Client.Reports;
using Grid.Learning.Metrics;
using Xunit;

namespace Grid.Tests.Reports;

[Trait("Category", "Unit")]
public sealed class AggregationTests
{
    [Fact]
    public void CurvesStopAtTheShortestFold()
    {
        // Means per epoch: 0.6, 0.6, 0.7 (the first fold's fourth epoch is dropped).
        var trial = Trial([0.5, 0.7, 0.6, 0.9], [0.7, 0.5, 0.8]);

        var summary = TrialStatistics.Of(trial);

        Assert.Equal(3, summary.MeanPerEpoch.Count);
        Assert.Equal(3, summary.BestEpoch);
        Assert.Equal([0.6, 0.6, 0.7], summary.MeanPerEpoch.Select(m => Math.Round(m, 12)));
        Assert.Equal(0.7, summary.LastMean, 12);
        Assert.Equal(Math.Sqrt(0.02), summary.StdPerEpoch[0], 12);
    }

    [Fact]
    public void BestEpochIsTheFirstOfEqualMeans()
    {
        var summary = TrialStatistics.Of(Trial([0.5, 0.75, 0.75, 0.5], [0.25, 0.5, 0.5, 0.5]));

        Assert.Equal(2, summary.BestEpoch);
        Assert.Equal(0.625, summary.BestMean);
    }

    [Fact]
    public void ASingleFoldHasZeroSpread()
    {
        var summary = TrialStatistics.Of(Trial([0.2, 0.4]));

        Assert.Equal([0.0, 0.0], summary.StdPerEpoch);
        Assert.Equal(2, summary.BestEpoch);
        Assert.Equal(0.4, summary.BestMean);
    }

    [Fact]
    public void PrecisionRecallAndF1FollowTheConfusionMatrix()
    {
        // true:      0 0 0 1 1 2
        // predicted: 0 0 1 1 0 1   (class 2 is never predicted; class 3 never occurs)
        var metrics = ClassificationMetrics.Compute([0, 0, 0, 1, 1, 2], [0, 0, 1, 1, 0, 1], 4);

        Assert.Equal([2, 1, 0, 0], metrics.Confusion[0]);
        Assert.Equal(2.0 / 3, metrics.Precision[0], 12);
        Assert.Equal(2.0 / 3, metrics.Recall[0], 12);
        Assert.Equal(1.0 / 3, metrics.Precision[1], 12);
        Assert.Equal(0.5, metrics.Recall[1], 12);
        Assert.Equal(0.4, metrics.F1[1], 12);
        Assert.Equal(0, metrics.Precision[2]); // no predictions of class 2: zero_division = 0
        Assert.Equal(0, metrics.F1[3]);        // class 3 has neither support nor predictions
        Assert.Equal([3, 2, 1, 0], metrics.Support);
        Assert.Equal(0.5, metrics.Accuracy);
    }

    private static TrialData Trial(params double[][] folds) => new()
    {
        Name = "t",
        Initialisation = "MoCo",
        Protocol = "fine-tune",
        Folds = folds.Select((f, i) => new FoldCurve(i + 1, f)).ToList(),
    };
}
