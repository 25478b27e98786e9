using Xunit;
using Grid.Learning.Data;

namespace Grid.Tests.Data;

[Trait("Category", "Unit")]
public sealed class Dcase2013LayoutTests
{
    private static readonly string[] Scenes = ["bus", "office", "tubestation"];

    /// <summary>Five development recordings per scene; with a test set of two per scene under anonymous names.</summary>
    private static string? Lay(TempFolder folder, bool withTest = true, string? extraKeyRow = null)
    {
        foreach (var scene in Scenes)
            for (var n = 1; n <= 5; n++) folder.WriteWav($"scenes_stereo/{scene}{n:00}.wav", frames: 16);
        if (!withTest) return null;
        var key = "filename,original\n";
        var next = 1;
        foreach (var scene in Scenes)
            for (var n = 6; n <= 7; n++, next++)
            {
                folder.WriteWav($"scenes_stereo_testset/scene{next:000}.wav", frames: 16);
                key += $"scene{next:000}.wav,{scene}{n:00}.wav\n";
            }
        return folder.WriteText("dcase2013_task1_filenamekey.csv", key + extraKeyRow);
    }

    [Fact]
    public void DevelopmentAndTestAreTheTwoFolds()
    {
        using var folder = new TempFolder();
        Lay(folder);
        var index = DatasetLayouts.Read("dcase2013", folder.Root);
        Assert.Equal(Scenes, index.ClassNames);
        Assert.Equal(["development", "test"], index.FoldNames);
        Assert.Equal([15, 6], index.CountPerFold());
        var test = index.Clips.Single(c => c.Id == "test/scene006");
        Assert.Equal(("tubestation", 2, 2), (test.ClassName, test.Label, test.Fold));
        Assert.Equal("bus", index.Clips.Single(c => c.Id == "dev/bus03").ClassName);
    }

    [Fact]
    public void FiveFoldsAreStratifiedAndSeeded()
    {
        using var folder = new TempFolder();
        Lay(folder, withTest: false);
        DatasetIndex Read(long seed) => DatasetLayouts.Read("dcase2013", folder.Root,
            new DatasetReadOptions { DcaseSplit = Dcase2013Split.FiveFold, Seed = seed });
        var index = Read(3);
        Assert.Equal(5, index.FoldNames.Count);
        foreach (var fold in index.Folds)
            Assert.Equal([1, 1, 1], Enumerable.Range(0, 3).Select(label => index.InFold(fold).Count(c => c.Label == label)));
        Assert.Equal(index.Clips, Read(3).Clips);
        Assert.NotEqual(index.Clips.Select(c => c.Fold), Read(4).Clips.Select(c => c.Fold));
    }

    [Fact]
    public void DevelopmentTestSplitWithoutKeyFails()
    {
        using var folder = new TempFolder();
        Lay(folder, withTest: false);
        var error = Assert.Throws<DatasetFormatException>(() => DatasetLayouts.Read("dcase2013", folder.Root));
        Assert.Equal(folder.PathOf("dcase2013_task1_filenamekey.csv"), error.FilePath);
    }

    [Theory]
    [InlineData("scene099.wav,park01.wav\n", "unknown class in 'park01.wav'")]
    [InlineData("scene099.wav,bus09.wav\n", "not found")]
    [InlineData("scene099.wav\n", "expected 2 fields")]
    public void BadKeyRowFailsWithFileAndLine(string row, string reason)
    {
        using var folder = new TempFolder();
        var key = Lay(folder, extraKeyRow: row);
        var error = Assert.Throws<DatasetFormatException>(() => DatasetLayouts.Read("dcase2013", folder.Root));
        Assert.Equal((key, (int?)8), (error.FilePath, error.Line));
        Assert.Contains(reason, error.Message);
    }

    [Fact]
    public void MisnamedDevelopmentFileFails()
    {
        using var folder = new TempFolder();
        Lay(folder);
        var stray = folder.WriteWav("scenes_stereo/bus.wav", frames: 16);
        var error = Assert.Throws<DatasetFormatException>(() => DatasetLayouts.Read("dcase2013", folder.Root));
        Assert.Equal(stray, error.FilePath);
    }
}
