using Grid.Client;
using Grid.Learning.Data;
using Xunit;

namespace Grid.Tests.Data;

/// <summary>An UrbanSound8K copy that holds only some of the ten folds.</summary>
[Trait("Category", "Unit")]
public sealed class UrbanSound8KSubsetTests
{
    private const string Header = "slice_file_name,fsID,start,end,salience,fold,classID,class\n";

    /// <summary>Folds 3 and 5 only: their folders, two slices each, and metadata naming just them.</summary>
    private static string LaySubset(TempFolder folder, string? extraRow = null)
    {
        folder.WriteWav("audio/fold3/100-3-0-0.wav");
        folder.WriteWav("audio/fold3/101-8-0-0.wav");
        folder.WriteWav("audio/fold5/200-3-0-0.wav");
        folder.WriteWav("audio/fold5/201-8-0-0.wav");
        return folder.WriteText("metadata/UrbanSound8K.csv", Header +
            "100-3-0-0.wav,100,0,4,1,3,3,dog_bark\n101-8-0-0.wav,101,0,4,1,3,8,siren\n" +
            "200-3-0-0.wav,200,0,4,1,5,3,dog_bark\n201-8-0-0.wav,201,0,4,1,5,8,siren\n" + extraRow);
    }

    [Fact]
    public void ReadsTheFoldsTheMetadataNamesKeepingTheirNumbers()
    {
        using var folder = new TempFolder();
        LaySubset(folder);
        var index = DatasetLayouts.Read("us8k", folder.Root);
        Assert.Equal([3, 5], index.Folds);
        Assert.Equal([3, 5], index.FoldsPresent!);
        Assert.Equal(10, index.FoldNames.Count);
        Assert.Equal(UrbanSound8KLayout.ClassNames, index.ClassNames);
        Assert.Equal(["200-3-0-0", "201-8-0-0"], index.InFold(5).Select(c => c.Id));

        var output = new StringWriter();
        Assert.Equal(0, DataCommands.Check(folder.Root, "us8k", new DatasetReadOptions(), output));
        Assert.Contains("4 clips, 10 classes, 2 folds (of 10: 3, 5)", output.ToString());
    }

    [Fact]
    public void AllTenFoldsNamedLeavesNoSubset()
    {
        using var folder = new TempFolder();
        var rows = string.Concat(Enumerable.Range(1, 10).Select(fold =>
        {
            folder.WriteWav($"audio/fold{fold}/{fold}-1-0-0.wav");
            return $"{fold}-1-0-0.wav,{fold},0,4,1,{fold},1,car_horn\n";
        }));
        folder.WriteText("metadata/UrbanSound8K.csv", Header + rows);
        var index = DatasetLayouts.Read("us8k", folder.Root);
        Assert.Null(index.FoldsPresent);
        Assert.Equal(Enumerable.Range(1, 10), index.Folds);
    }

    [Fact]
    public void AFoldNamedWithoutItsFolderFailsNamingFolderAndLine()
    {
        using var folder = new TempFolder();
        var csv = LaySubset(folder, "300-1-0-0.wav,300,0,4,1,7,1,car_horn\n");
        var error = Assert.Throws<DatasetFormatException>(() => DatasetLayouts.Read("us8k", folder.Root));
        Assert.Equal(folder.PathOf("audio", "fold7"), error.FilePath);
        Assert.Contains($"{csv}:6 lists fold 7", error.Message);
    }

    [Fact]
    public void TheTenClassesAreStillRequired()
    {
        using var folder = new TempFolder();
        var csv = LaySubset(folder, "300-1-0-0.wav,300,0,4,1,3,10,bicycle\n");
        var error = Assert.Throws<DatasetFormatException>(() => DatasetLayouts.Read("us8k", folder.Root));
        Assert.Equal((csv, (int?)6), (error.FilePath, error.Line));
        Assert.Contains("unknown class 'bicycle'", error.Reason);
    }

    [Theory]
    [InlineData("../../../outside.wav")]
    [InlineData("/etc/hostname")]
    public void AListedFileLeavingTheRootFailsNamingFileAndLine(string name)
    {
        using var folder = new TempFolder();
        var csv = LaySubset(folder, $"{name},300,0,4,1,3,1,car_horn\n");
        var error = Assert.Throws<DatasetFormatException>(() => DatasetLayouts.Read("us8k", folder.Root, new DatasetReadOptions { SkipBad = true }));
        Assert.Equal((csv, (int?)6), (error.FilePath, error.Line));
        Assert.Contains("leaves the dataset root", error.Reason);
    }
}
