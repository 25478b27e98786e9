using Grid.Grains.Specs;
using Grid.Tests.Cluster;
using Xunit;
using Grid.Learning.Data;
using DatasetLayouts = Grid.Learning.Data.DatasetLayouts;

namespace Grid.Tests.Data;

/// <summary>What sweep specs may ask of each layout, as the spec side learns it from the layout objects.</summary>
[Trait("Category", "Unit")]
public sealed class LayoutSpecTests
{
    private static string Spec(string layout, string folds) =>
        SpecSamples.Tiny(folds: folds).Replace("\"layout\": \"us8k\"", $"\"layout\": \"{layout}\"");

    [Fact]
    public void LayoutsTellTheirFoldsLabelsAndDefaultWindow()
    {
        var expected = new Dictionary<string, (int?, bool, double)>
        {
            ["us8k"] = (10, true, 4), ["esc50"] = (5, true, 5), ["gtzan"] = (3, true, 4),
            ["dcase2013"] = (2, true, 4), ["fsd50k"] = (3, false, 4), ["csv"] = (null, true, 4),
        };
        Assert.Equal(expected.Keys, DatasetLayouts.Names);
        foreach (var (name, facts) in expected)
        {
            var layout = DatasetLayouts.Get(name);
            Assert.Equal(facts, (layout.FoldCount, layout.Labelled, layout.DefaultClipSeconds));
            Assert.Equal(facts.Item3, DatasetLayouts.DefaultClipSeconds(name));
        }
    }

    [Fact]
    public void CsvAcceptsAnyPositiveFoldButNeedsTheFoldsListed()
    {
        var plan = SweepPlanner.Plan("exp", Spec("csv", "[1, 12]"));
        Assert.Equal([1, 12], plan.Trials[0].Folds.Select(f => f.Fold));

        var zero = Assert.Throws<SpecException>(() => SweepPlanner.Plan("exp", Spec("csv", "[1, 0]")));
        Assert.Equal("dataset.folds[1]", zero.Field);
        var none = Assert.Throws<SpecException>(() => SweepPlanner.Plan("exp", Spec("csv", "null")));
        Assert.Equal("dataset.folds", none.Field);
        Assert.Contains("known only from the data", none.Message);
    }

    [Fact]
    public void Fsd50kIsRefusedForFoldJobsNamingTheField()
    {
        var error = Assert.Throws<SpecException>(() => SweepPlanner.Plan("exp", Spec("fsd50k", "[1]")));
        Assert.Equal("dataset.layout", error.Field);
        Assert.Contains("pretraining-only", error.Message);
    }

    [Fact]
    public void FixedFoldCountsAndDefaultsStillHold()
    {
        Assert.Equal(Enumerable.Range(1, 10), DatasetLayouts.HeldOutFolds("us8k")!);
        Assert.Equal([2], DatasetLayouts.HeldOutFolds("gtzan")!);
        Assert.Equal([1, 2], DatasetLayouts.HeldOutFolds("dcase2013")!);
        Assert.Null(DatasetLayouts.HeldOutFolds("csv"));
        Assert.Equal("esc50 has folds 1-5, not 6", DatasetLayouts.WhyNotHeldOut("esc50", 6));
        Assert.Equal(Enumerable.Range(1, 5), SweepPlanner.Plan("exp", Spec("esc50", "null")).Spec.Dataset.Folds);
        var error = Assert.Throws<SpecException>(() => SweepPlanner.Plan("exp", Spec("dcase2013", "[1, 3]")));
        Assert.Equal("dataset.folds[1]", error.Field);
        Assert.Contains("dcase2013 has folds 1-2, not 3", error.Message);
        Assert.Equal("dataset.layout", Assert.Throws<SpecException>(() => SweepPlanner.Plan("exp", Spec("US8K", "[1]"))).Field);
    }

    [Fact]
    public void OnlyGtzanHasAFixedSplitWhoseJobsHoldOutTheValidationSplitAndTestOnTheTestSplit()
    {
        Assert.Equal(["gtzan"], DatasetLayouts.Names.Where(n => DatasetLayouts.Get(n).FixedSplit is not null));
        var split = DatasetLayouts.Get("gtzan").FixedSplit!;
        Assert.Equal(new FixedSplit(Training: 1, Validation: 2, Test: 3), split);
        Assert.Equal(["train", "valid", "test"], new[] { split.Training, split.Validation, split.Test }.Select(f => GtzanLayout.FoldNames[f - 1]));
        Assert.Equal(3, split.TestSplitFor(2));
        Assert.Null(split.TestSplitFor(3));
        Assert.Null(DatasetLayouts.WhyNotHeldOut("gtzan", 2));
        Assert.Equal("gtzan's split 1 is its training split; hold out 2 (valid)", DatasetLayouts.WhyNotHeldOut("gtzan", 1));
        Assert.Equal("gtzan's split 3 is its test split, evaluated by the job that holds out 2 (valid) at every epoch; hold out 2",
            DatasetLayouts.WhyNotHeldOut("gtzan", 3));
        Assert.Equal("gtzan has folds 1-3, not 4", DatasetLayouts.WhyNotHeldOut("gtzan", 4));
        Assert.Null(DatasetLayouts.Get("us8k").FixedSplit?.WhyNotHeldOut("us8k", 1));
    }

    [Fact]
    public void PretrainingFoldsAreCheckedAgainstTheLayout()
    {
        var spec = SpecSamples.Tiny(extra: """, "pretraining": { "method": "moco", "folds": [0], "training": { "epochs": 1, "batchSize": 8 } }""")
            .Replace("\"scratch\"", "\"finetune\"");
        var error = Assert.Throws<SpecException>(() => SweepPlanner.Plan("exp", spec));
        Assert.Equal("pretraining.folds", error.Field);
        Assert.Contains("not 0", error.Message);
        Assert.NotNull(SweepPlanner.Plan("exp", spec.Replace("\"folds\": [0]", "\"folds\": [10]")));
    }
}
