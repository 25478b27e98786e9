using Grid.Client;
using Grid.Learning.Data;
using Grid.Tests.Infrastructure;
using Xunit;

namespace Grid.Tests.Data;

[Trait("Category", "Unit")]
public sealed class CsvLayoutTests
{
    /// <summary>Five clips in sub-folders, three folds, three classes listed out of sorted order.</summary>
    private static string Lay(TempFolder folder, string? extraRow = null)
    {
        foreach (var file in new[] { "birds/a.wav", "birds/b.wav", "rain/c.wav", "wind/d.wav", "wind/e.wav" }) folder.WriteWav(file);
        return folder.WriteText("labels.csv", "file,fold,label,notes\n" +
            "wind/d.wav,1,wind,gusty\nbirds/a.wav,1,birds,\nrain/c.wav,2,rain,\"light, steady\"\n" +
            "birds/b.wav,3,birds,\nwind/e.wav,2,wind,\n" + extraRow);
    }

    [Fact]
    public void ListsClipsWithSortedClassesAndTheFoldsNamed()
    {
        using var folder = new TempFolder();
        Lay(folder);
        var index = DatasetLayouts.Read("csv", folder.Root);
        Assert.Equal("csv", index.Layout);
        Assert.Equal(["birds", "rain", "wind"], index.ClassNames);
        Assert.Equal(["fold1", "fold2", "fold3"], index.FoldNames);
        Assert.Null(index.FoldsPresent);
        Assert.Equal([2, 2, 1], index.CountPerFold());
        Assert.Equal([2, 1, 2], index.CountPerClass());
        var rain = index.Clips.Single(c => c.ClassName == "rain");
        Assert.Equal(("rain/c.wav", folder.PathOf("rain", "c.wav"), 1, 2), (rain.Id, rain.Path, rain.Label, rain.Fold));
        Assert.Empty(index.Problems);
    }

    [Fact]
    public void AFoldNumberNotNamedIsAbsentAndFoldNumbersKeepTheirMeaning()
    {
        using var folder = new TempFolder();
        folder.WriteWav("x.wav");
        folder.WriteWav("y.wav");
        folder.WriteText("labels.csv", "file,fold,label\nx.wav,2,a\ny.wav,5,b\n");
        var index = DatasetLayouts.Read("csv", folder.Root);
        Assert.Equal(5, index.FoldNames.Count);
        Assert.Equal([2, 5], index.Folds);
        Assert.Equal("y.wav", Assert.Single(index.InFold(5)).Id);
        var output = new StringWriter();
        Assert.True(DataCommands.Check(folder.Root, "csv", new DatasetReadOptions(), output) == 0, output.ToString());
        Assert.Contains("2 clips, 2 classes, 2 folds (of 5: 2, 5)", output.ToString());
    }

    [Theory]
    [InlineData("birds/f.wav,1,birds,\n", "not found")]
    [InlineData("birds/f.wav,0,birds,\n", "column 'fold': 0 is not a positive integer")]
    [InlineData("birds/f.wav,one,birds,\n", "column 'fold': 'one' is not an integer")]
    [InlineData("birds/f.wav,1, ,\n", "column 'label' is empty")]
    [InlineData(",1,birds,\n", "column 'file' is empty")]
    [InlineData("wind/d.wav,3,wind,\n", "'wind/d.wav' is listed twice (first at line 2)")]
    [InlineData("../outside.wav,1,birds,\n", "'../outside.wav' leaves the dataset root")]
    [InlineData("birds/../../outside.wav,1,birds,\n", "leaves the dataset root")]
    [InlineData("/etc/hostname,1,birds,\n", "'/etc/hostname' leaves the dataset root")]
    [InlineData("birds/f.wav,1\n", "expected 4 fields")]
    public void BadRowFailsWithFileAndLine(string row, string reason)
    {
        using var folder = new TempFolder();
        var csv = Lay(folder, row);
        var error = Assert.Throws<DatasetFormatException>(() => DatasetLayouts.Read("csv", folder.Root));
        Assert.Equal((csv, (int?)7), (error.FilePath, error.Line));
        Assert.Contains(reason, error.Reason);
        Assert.StartsWith($"{csv}:7: ", error.Message);
    }

    [Theory]
    [InlineData(1_001)]
    [InlineData(int.MaxValue)]
    public void AFoldAboveTheLargestFailsWithFileAndLineBeforeAFoldNameIsMade(int fold)
    {
        using var folder = new TempFolder();
        folder.WriteWav("birds/f.wav");
        var csv = Lay(folder, $"birds/f.wav,{fold},birds,\n");
        var error = Allocations.Throws<DatasetFormatException>(() => DatasetLayouts.Read("csv", folder.Root), out var allocated);

        Assert.True(allocated < 16 << 20, "one name per fold number must not be made");
        Assert.Equal($"{csv}:7: column 'fold': {fold} is above the largest fold, 1000", error.Message);
    }

    [Fact]
    public void MissingFileOrColumnOrRowsAreNamed()
    {
        using var folder = new TempFolder();
        var missing = Assert.Throws<DatasetFormatException>(() => DatasetLayouts.Read("csv", folder.Root));
        Assert.Equal(folder.PathOf("labels.csv"), missing.FilePath);

        var csv = folder.WriteText("labels.csv", "file,label\nx.wav,a\n");
        var column = Assert.Throws<DatasetFormatException>(() => DatasetLayouts.Read("csv", folder.Root));
        Assert.Equal((csv, (int?)1), (column.FilePath, column.Line));
        Assert.Contains("fold", column.Reason);

        folder.WriteText("labels.csv", "file,fold,label\n");
        Assert.Contains("no rows", Assert.Throws<DatasetFormatException>(() => DatasetLayouts.Read("csv", folder.Root)).Reason);
    }

    [Fact]
    public void SkipBadSkipsAbsentFilesWithAProblemAndCheckReportsAFoldLeftEmpty()
    {
        using var folder = new TempFolder();
        Lay(folder, "birds/f.wav,4,birds,\n");
        var index = DatasetLayouts.Read("csv", folder.Root, new DatasetReadOptions { SkipBad = true });
        Assert.Equal(5, index.Clips.Count);
        Assert.Contains("labels.csv:7", Assert.Single(index.Problems).Reason);

        var output = new StringWriter();
        Assert.Equal(1, DataCommands.Check(folder.Root, "csv", new DatasetReadOptions { SkipBad = true }, output));
        Assert.Contains("fold fold4 has no clips", output.ToString());
    }

    [Fact]
    public void WindowsSeparatorsAreFolders()
    {
        using var folder = new TempFolder();
        folder.WriteWav("sub/x.wav");
        folder.WriteText("labels.csv", "file,fold,label\nsub\\x.wav,1,a\n");
        Assert.Equal(folder.PathOf("sub", "x.wav"), Assert.Single(DatasetLayouts.Read("csv", folder.Root).Clips).Path);
    }
}
