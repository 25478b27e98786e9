using Xunit;
using Grid.Learning.Data;

namespace Grid.Tests.Data;

[Trait("Category", "Unit")]
public sealed class Esc50LayoutTests
{
    private const string Header = "filename,fold,target,category,esc10,src_file,take\n";

    private static string Lay(TempFolder folder, string? extraRow = null)
    {
        string[] rows =
        [
            "1-100-A-0.wav,1,0,dog,True,100,A",
            "1-100-B-0.wav,1,0,dog,True,100,B",
            "2-200-A-1.wav,2,1,rooster,False,200,A",
            "5-300-A-2.wav,5,2,rain,False,300,A",
            "5-400-A-3.wav,5,3,sea_waves,True,400,A",
        ];
        foreach (var row in rows) folder.WriteWav("audio/" + row.Split(',')[0]);
        return folder.WriteText("meta/esc50.csv", Header + string.Join("\n", rows) + "\n" + extraRow);
    }

    [Fact]
    public void ListsClipsWithTargetsAsLabels()
    {
        using var folder = new TempFolder();
        Lay(folder);
        var index = DatasetLayouts.Read("esc50", folder.Root);
        Assert.Equal(["dog", "rooster", "rain", "sea_waves"], index.ClassNames);
        Assert.Equal([2, 1, 0, 0, 2], index.CountPerFold());
        var rain = index.Clips.Single(c => c.ClassName == "rain");
        Assert.Equal((2, 5, "300"), (rain.Label, rain.Fold, rain.SourceId));
    }

    [Fact]
    public void Esc10KeepsTheSubsetRelabelled()
    {
        using var folder = new TempFolder();
        Lay(folder);
        var index = DatasetLayouts.Read("esc50", folder.Root, new DatasetReadOptions { Esc10 = true });
        Assert.Equal("esc10", index.Layout);
        Assert.Equal(["dog", "sea_waves"], index.ClassNames);
        Assert.Equal(3, index.Clips.Count);
        Assert.Equal(1, index.Clips.Single(c => c.ClassName == "sea_waves").Label);
    }

    [Theory]
    [InlineData("1-9-A-1.wav,1,1,cat,False,9,A\n", "unknown class: target 1 is 'rooster'")]
    [InlineData("1-9-A-1.wav,1,1,rooster,yes,9,A\n", "'esc10': 'yes'")]
    [InlineData("1-9-A-1.wav,one,1,rooster,False,9,A\n", "'fold': 'one' is not an integer")]
    [InlineData("1-9-A-1.wav,6,1,rooster,False,9,A\n", "fold 6 is outside 1..5")]
    [InlineData("1-9-A-1.wav,1,1,rooster,False,9,A\n", "not found")]
    public void BadRowFailsWithFileAndLine(string row, string reason)
    {
        using var folder = new TempFolder();
        var csv = Lay(folder, row);
        var error = Assert.Throws<DatasetFormatException>(() => DatasetLayouts.Read("esc50", folder.Root));
        Assert.Equal((csv, (int?)7), (error.FilePath, error.Line));
        Assert.Contains(reason, error.Message);
    }

    [Fact]
    public void GapInTargetsFails()
    {
        using var folder = new TempFolder();
        folder.WriteWav("audio/a.wav");
        var csv = folder.WriteText("meta/esc50.csv", Header + "a.wav,1,1,rooster,False,1,A\n");
        var error = Assert.Throws<DatasetFormatException>(() => DatasetLayouts.Read("esc50", folder.Root));
        Assert.Equal(csv, error.FilePath);
        Assert.Contains("target 0 has no clip", error.Reason);
    }

    [Fact]
    public void MissingAudioFolderIsNamed()
    {
        using var folder = new TempFolder();
        folder.WriteText("meta/esc50.csv", Header);
        var error = Assert.Throws<DatasetFormatException>(() => DatasetLayouts.Read("esc50", folder.Root));
        Assert.Equal(folder.PathOf("audio"), error.FilePath);
    }
}
