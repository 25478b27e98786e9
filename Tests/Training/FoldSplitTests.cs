using Grid.Learning.Data;
using Grid.Learning.Training;
using Xunit;

namespace Grid.Tests.Training;

[Trait("Category", "Unit")]
public sealed class FoldSplitTests
{
    private static DatasetIndex Index(string layout, int folds) =>
        new(layout, "/data", ["a"], Enumerable.Range(1, folds).SelectMany(f => new[] { Clip($"f{f}x", f), Clip($"f{f}y", f) }).ToArray(),
            [], Enumerable.Range(1, folds).Select(f => $"fold{f}").ToArray());

    private static Clip Clip(string id, int fold) => new(id, $"/data/{id}.wav", 0, "a", fold);

    private static FoldJobRequest Request(string layout, int fold) =>
        new() { DatasetRoot = "/data", Layout = layout, Fold = fold, Protocol = Protocol.Scratch };

    [Fact]
    public void CrossValidationTrainsOnEveryOtherFold()
    {
        var training = FoldData.TrainingClips(Index("us8k", 10), Request("us8k", 3));

        Assert.Equal(18, training.Count);
        Assert.DoesNotContain(training, c => c.Fold == 3);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void GtzanTrainsOnTheTrainSplitOnlySoTestClipsNeverReachTraining(int heldOut)
    {
        var training = FoldData.TrainingClips(Index("gtzan", 3), Request("gtzan", heldOut));

        Assert.Equal(["f1x", "f1y"], training.Select(c => c.Id));
    }

    [Fact]
    public void GtzanRefusesToHoldOutItsTrainSplit()
    {
        var error = Assert.Throws<ArgumentException>(() => FoldData.TrainingClips(Index("gtzan", 3), Request("gtzan", 1)));
        Assert.Contains("training split", error.Message);
    }
}
