using Xunit;
using Grid.Learning.Data;

namespace Grid.Tests.Data;

[Trait("Category", "Unit")]
public sealed class UrbanSound8KLayoutTests
{
    private const string Header = "slice_file_name,fsID,start,end,salience,fold,classID,class\n";

    /// <summary>Ten fold folders, three listed slices (two from one source in fold 1, one in fold 10).</summary>
    private static string Lay(TempFolder folder, string? extraRow = null, bool writeAudio = true)
    {
        for (var fold = 1; fold <= 10; fold++) Directory.CreateDirectory(folder.PathOf("audio", $"fold{fold}"));
        if (writeAudio)
        {
            folder.WriteWav("audio/fold1/100-3-0-0.wav");
            folder.WriteWav("audio/fold1/100-3-0-1.wav");
            folder.WriteWav("audio/fold10/200-8-0-0.wav");
        }
        return folder.WriteText("metadata/UrbanSound8K.csv", Header +
            "100-3-0-0.wav,100,0.0,4.0,1,1,3,dog_bark\n" +
            "100-3-0-1.wav,100,4.0,8.0,1,1,3,dog_bark\n" +
            "200-8-0-0.wav,200,1.5,3.25,2,10,8,siren\n" + extraRow);
    }

    [Fact]
    public void ListsClipsWithPathLabelFoldAndSource()
    {
        using var folder = new TempFolder();
        Lay(folder);
        var index = DatasetLayouts.Read("us8k", folder.Root);
        Assert.Equal(10, index.FoldNames.Count);
        Assert.Equal(UrbanSound8KLayout.ClassNames, index.ClassNames);
        Assert.Equal(3, index.Clips.Count);
        var siren = index.Clips.Single(c => c.Id == "200-8-0-0");
        Assert.Equal((8, "siren", 10, "200"), (siren.Label, siren.ClassName, siren.Fold, siren.SourceId));
        Assert.Equal(folder.PathOf("audio", "fold10", "200-8-0-0.wav"), siren.Path);
        Assert.Equal([2, 0, 0, 0, 0, 0, 0, 0, 0, 1], index.CountPerFold());
        Assert.Equal(["100-3-0-0", "100-3-0-1"], index.NotInFold(10).Select(c => c.Id));
        Assert.Equal([siren], index.InFold(10));
        Assert.Empty(index.Problems);
    }

    [Fact]
    public void MissingCsvIsNamed()
    {
        using var folder = new TempFolder();
        var error = Assert.Throws<DatasetFormatException>(() => DatasetLayouts.Read("us8k", folder.Root));
        Assert.EndsWith(Path.Combine("metadata", "UrbanSound8K.csv"), error.FilePath);
    }

    [Fact]
    public void WrongColumnsFailOnTheHeaderLine()
    {
        using var folder = new TempFolder();
        var csv = folder.WriteText("metadata/UrbanSound8K.csv", "slice_file_name,fsID,start,end,salience,fold,class\n");
        var error = Assert.Throws<DatasetFormatException>(() => DatasetLayouts.Read("us8k", folder.Root));
        Assert.Equal((csv, (int?)1), (error.FilePath, error.Line));
        Assert.Contains("classID", error.Reason);
    }

    [Fact]
    public void MissingFoldFolderIsNamed()
    {
        using var folder = new TempFolder();
        var csv = Lay(folder);
        Directory.Delete(folder.PathOf("audio", "fold10"), recursive: true);
        var error = Assert.Throws<DatasetFormatException>(() => DatasetLayouts.Read("us8k", folder.Root));
        Assert.Equal(folder.PathOf("audio", "fold10"), error.FilePath);
        Assert.Contains($"{csv}:4 lists fold 10", error.Reason);
    }

    [Theory]
    [InlineData("9-1-0-0.wav,9,0,1,1,2,1,car_horn\n", "not found")]
    [InlineData("9-1-0-0.wav,9,0,1,1,2,1,bicycle\n", "unknown class 'bicycle'")]
    [InlineData("9-1-0-0.wav,9,0,1,1,2,4,car_horn\n", "unknown class 'car_horn' with classID 4")]
    [InlineData("9-1-0-0.wav,9,0,x1,1,2,1,car_horn\n", "'end': 'x1' is not a number")]
    [InlineData("9-1-0-0.wav,9,0,1,1,11,1,car_horn\n", "fold 11")]
    [InlineData("9-1-0-0.wav,9,0,1,1,2,1\n", "expected 8 fields")]
    public void BadRowFailsWithFileAndLine(string row, string reason)
    {
        using var folder = new TempFolder();
        var csv = Lay(folder, row);
        var error = Assert.Throws<DatasetFormatException>(() => DatasetLayouts.Read("us8k", folder.Root));
        Assert.Equal((csv, (int?)5), (error.FilePath, error.Line));
        Assert.Contains(reason, error.Message);
    }

    [Fact]
    public void SkipBadSkipsAbsentFilesWithAProblem()
    {
        using var folder = new TempFolder();
        Lay(folder, "9-1-0-0.wav,9,0,1,1,2,1,car_horn\n");
        var index = DatasetLayouts.Read("us8k", folder.Root, new DatasetReadOptions { SkipBad = true });
        Assert.Equal(3, index.Clips.Count);
        var problem = Assert.Single(index.Problems);
        Assert.Equal(folder.PathOf("audio", "fold2", "9-1-0-0.wav"), problem.Path);
        Assert.Contains("UrbanSound8K.csv:5", problem.Reason);
    }

    [Fact]
    public void UnknownLayoutListsKnownOnes()
    {
        var error = Assert.Throws<ArgumentException>(() => DatasetLayouts.Get("audioset"));
        Assert.Contains("us8k, esc50, gtzan, dcase2013, fsd50k, csv", error.Message);
    }
}
