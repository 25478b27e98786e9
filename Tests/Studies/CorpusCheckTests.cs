using Grid.Client.Studies;
using Grid.Grains.Specs;
using Grid.Learning.Data.Synthetic;
using Grid.Tests.Cluster;
using Grid.Tests.Data;
using Xunit;

namespace Grid.Tests.Studies;

/// <summary>A pretraining corpus that is missing, unreadable or of another layout is refused before anything starts.</summary>
[Trait("Category", "Unit")]
public sealed class CorpusCheckTests
{
    private static SweepPlan Plan(string layout, string location) => SweepPlanner.Plan("e", SpecSamples.Tiny(extra: $$"""
        , "pretraining": { "dataset": { "layout": "{{layout}}", "location": "{{location}}" }, "method": "moco", "queueSize": 16 }
        """).Replace("\"scratch\"", "\"finetune\""));

    [Fact]
    public void AMissingCorpusFolderIsRefusedNamingTheLocation()
    {
        using var folder = new TempFolder();
        var error = Assert.Throws<SpecException>(() => CorpusCheck.Check(Plan("fsd50k", Path.Combine(folder.Root, "nowhere"))));
        Assert.Equal("pretraining.dataset.location", error.Field);
        Assert.Contains("nowhere", error.Message);
    }

    [Fact]
    public void ACorpusInAnotherLayoutIsRefusedAndOneInItsLayoutPasses()
    {
        using var folder = new TempFolder();
        SyntheticFsd50k.Write(folder.Root, clipsPerClass: 1, seed: 1);
        var error = Assert.Throws<SpecException>(() => CorpusCheck.Check(Plan("esc50", folder.Root)));
        Assert.Equal("pretraining.dataset", error.Field);
        Assert.Contains("not a readable esc50 dataset", error.Message);
        CorpusCheck.Check(Plan("fsd50k", folder.Root));
    }
}
