using Grid.Learning.Training;
using Xunit;

namespace Grid.Tests.Training;

/// <summary>
/// GTZAN's fixed split: a job holding out the validation split also tests on the test split after every epoch. Jobs
/// holding out split 2 or 3 train on the same split 1 with the same seed, so the first job's test accuracies must equal
/// the second job's validation accuracies epoch by epoch.
/// </summary>
[Trait("Category", "Slow")]
public sealed class FixedSplitTests
{
    [Fact]
    public void TheValidationSplitsJobTestsOnTheTestSplitAfterEveryEpoch()
    {
        using var data = new TinyGtzan(clipsPerGenre: 10);
        var withTest = FoldJob.Run(data.Request(Protocol.Scratch, split: 2, epochs: 3), null, new RecordingObserver(), CancellationToken.None);
        var onTest = FoldJob.Run(data.Request(Protocol.Scratch, split: 3, epochs: 3), null, new RecordingObserver(), CancellationToken.None);

        Assert.Equal(onTest.Epochs.Select(e => (double?)e.Accuracy), withTest.Epochs.Select(e => e.TestAccuracy));
        Assert.All(onTest.Epochs, e => Assert.Null(e.TestAccuracy));
        Assert.Equal(withTest.Epochs[withTest.BestEpoch - 1].TestAccuracy, withTest.TestAccuracyAtBest);
        Assert.Null(onTest.TestAccuracyAtBest);
        Assert.DoesNotContain(withTest.BestPredictions.Clips, onTest.BestPredictions.Clips.Contains);

        var json = FoldResultJson.ToJson(withTest);
        Assert.Equal(withTest.TestAccuracyAtBest, json["best"]!["test_accuracy"]!.GetValue<double>());
        Assert.Equal(withTest.Epochs[0].TestAccuracy, json["epochs"]![0]!["test_accuracy"]!.GetValue<double>());
    }

    [Fact]
    public void KnnAlsoClassifiesTheTestSplit()
    {
        using var data = new TinyGtzan(clipsPerGenre: 10);
        var checkpoint = EncoderCheckpoints.Write(Path.Combine(data.Root, "knn.ckpt"), seed: 12);

        var withTest = FoldJob.Run(data.Request(Protocol.Knn, split: 2, epochs: 1, checkpoint), null, new RecordingObserver(), CancellationToken.None);
        var onTest = FoldJob.Run(data.Request(Protocol.Knn, split: 3, epochs: 1, checkpoint), null, new RecordingObserver(), CancellationToken.None);

        Assert.Equal(withTest.ChosenK, onTest.ChosenK);
        Assert.Equal(onTest.BestAccuracy, withTest.TestAccuracyAtBest);
    }

    [Fact]
    public void CrossValidationHasNoTestAccuracyAndAResumedJobKeepsItsTestAccuracies()
    {
        using (var us8k = new TinyUrbanSound(clipsPerClassPerFold: 1))
        {
            var crossValidated = FoldJob.Run(us8k.Request(Protocol.Scratch, epochs: 1), null, new RecordingObserver(), CancellationToken.None);
            Assert.Null(crossValidated.Epochs[0].TestAccuracy);
            Assert.Null(FoldResultJson.ToJson(crossValidated)["best"]!["test_accuracy"]);
        }

        using var data = new TinyGtzan(clipsPerGenre: 10);
        var request = data.Request(Protocol.Scratch, split: 2, epochs: 2);
        var uninterrupted = new RecordingObserver();
        var full = FoldJob.Run(request, null, uninterrupted, CancellationToken.None);
        using var afterFirstEpoch = new MemoryStream(uninterrupted.Checkpoints[0]);
        var resumed = FoldJob.Run(request, afterFirstEpoch, new RecordingObserver(), CancellationToken.None);

        Assert.Equal(full.Epochs.Select(e => e.TestAccuracy), resumed.Epochs.Select(e => e.TestAccuracy));
        Assert.All(resumed.Epochs, e => Assert.NotNull(e.TestAccuracy));
    }

    [Fact]
    public void OnlyGtzansValidationSplitHasATestSplit()
    {
        using var data = new TinyGtzan(clipsPerGenre: 1);
        Assert.Equal(3, FoldData.TestSplit(data.Request(Protocol.Scratch, split: 2, epochs: 1)));
        Assert.Null(FoldData.TestSplit(data.Request(Protocol.Scratch, split: 3, epochs: 1)));
        Assert.Null(FoldData.TestSplit(data.Request(Protocol.Scratch, split: 2, epochs: 1) with { Layout = "us8k" }));
    }
}
