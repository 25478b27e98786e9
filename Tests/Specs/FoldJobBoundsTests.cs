using Grid.Grains.Specs;
using Grid.Learning.Data;
using Grid.Tests.Infrastructure;
using Xunit;

namespace Grid.Tests.Specs;

/// <summary>
/// A csv dataset's folds are known only from its labels.csv, so a spec may list many: the fold numbers and the fold
/// jobs (trials × folds) are bounded before any trial is resolved.
/// </summary>
[Trait("Category", "Unit")]
public sealed class FoldJobBoundsTests
{
    private static string CsvSpec(IEnumerable<int> folds, string extra = "") => $$"""
    {
      "name": "many-folds",
      "dataset": { "layout": "csv", "location": "/data/own", "folds": [{{string.Join(", ", folds)}}] },
      "protocol": "scratch",
      "model": { "architecture": "resnet18", "width": 4 },
      "training": { "epochs": 3, "batchSize": 8, "learningRate": 0.05 },
      "features": { "sampleRate": 8000, "nMels": 32, "nFft": 256, "hopLength": 128, "clipSeconds": 1.0 },
      "search": { "training.learningRate": { "uniform": [0.01, 0.1] } }{{extra}}
    }
    """;

    [Fact]
    public void TrialsTimesFoldsOverTheLimitAreRefusedBeforeAnyTrialIsResolved()
    {
        var spec = CsvSpec(Enumerable.Range(1, CsvLayout.MaxFold), ", \"samples\": 200");
        var error = Allocations.Throws<SpecException>(() => SweepPlanner.Plan("exp", spec), out var allocated);

        Assert.True(allocated < 16 << 20, "no trial may be built");
        Assert.Equal("dataset.folds", error.Field);
        Assert.Equal("dataset.folds: 200 trials × 1,000 folds is 200,000 fold jobs, more than the limit of 100,000: list fewer folds or set maxTrials",
            error.Message);
        // Exactly at the limit: 100 trials of 1,000 folds.
        Assert.Equal(100, SearchSpaceExpander.CountTrials(SweepSpecParser.Parse(CsvSpec(Enumerable.Range(1, CsvLayout.MaxFold), ", \"samples\": 100"))));
    }

    [Fact]
    public void MaxTrialsBringsTheFoldJobsUnderTheLimit()
    {
        var plan = SweepPlanner.Plan("exp", CsvSpec(Enumerable.Range(1, 20), ", \"samples\": 1000000, \"maxTrials\": 5"));

        Assert.Equal(5, plan.Trials.Count);
        Assert.All(plan.Trials, trial => Assert.Equal(20, trial.Folds.Count));
    }

    [Theory]
    [InlineData(1_001)]
    [InlineData(int.MaxValue)]
    public void ACsvFoldAboveTheLargestIsRefusedNamingItsPlace(int fold)
    {
        var error = Assert.Throws<SpecException>(() => SweepPlanner.Plan("exp", CsvSpec([1, fold])));

        Assert.Equal("dataset.folds[1]", error.Field);
        Assert.Equal($"dataset.folds[1]: folds are at most 1000, not {fold}", error.Message);
    }
}
