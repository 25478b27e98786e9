using Xunit;
using Grid.Learning.Data;

namespace Grid.Tests.Data;

[Trait("Category", "Unit")]
public sealed class Fsd50kLayoutTests
{
    private static string Lay(TempFolder folder, string? extraDevRow = null)
    {
        folder.WriteText("FSD50K.ground_truth/vocabulary.csv", "0,Bark,/m/05tny_\n1,Dog,/m/0bt9lr\n2,Rain_and_drizzle,/m/06mb1\n");
        foreach (var name in new[] { "dev_audio/11", "dev_audio/12", "dev_audio/13", "eval_audio/21" })
            folder.WriteWav($"FSD50K.{name}.wav", frames: 16);
        folder.WriteText("FSD50K.ground_truth/eval.csv", "fname,labels,mids\n21,Rain_and_drizzle,/m/06mb1\n");
        return folder.WriteText("FSD50K.ground_truth/dev.csv", "fname,labels,mids,split\n" +
            "11,\"Bark,Dog\",\"/m/05tny_,/m/0bt9lr\",train\n12,Dog,/m/0bt9lr,train\n13,Bark,/m/05tny_,val\n" + extraDevRow);
    }

    [Fact]
    public void ListsDevSplitsAndEvalWithAllLabels()
    {
        using var folder = new TempFolder();
        Lay(folder);
        var index = DatasetLayouts.Read("fsd50k", folder.Root);
        Assert.Equal(["Bark", "Dog", "Rain_and_drizzle"], index.ClassNames);
        Assert.Equal([2, 1, 1], index.CountPerFold());
        var first = index.Clips.Single(c => c.Id == "11");
        Assert.Equal(0, first.Label);
        Assert.Equal([1], first.ExtraLabels!);
        Assert.Equal(2, index.Clips.Single(c => c.Id == "21").Label);
    }

    [Theory]
    [InlineData("14,Meow,/m/x,train\n", "unknown class 'Meow'")]
    [InlineData("14,Dog,/m/0bt9lr,test\n", "'split': 'test'")]
    [InlineData("14,Dog,/m/0bt9lr,train\n", "not found")]
    public void BadDevRowFailsWithFileAndLine(string row, string reason)
    {
        using var folder = new TempFolder();
        var dev = Lay(folder, row);
        var error = Assert.Throws<DatasetFormatException>(() => DatasetLayouts.Read("fsd50k", folder.Root));
        Assert.Equal((dev, (int?)5), (error.FilePath, error.Line));
        Assert.Contains(reason, error.Message);
    }

    [Fact]
    public void RepeatedVocabularyIndexFails()
    {
        using var folder = new TempFolder();
        Lay(folder);
        var vocabulary = folder.WriteText("FSD50K.ground_truth/vocabulary.csv", "0,Bark,/m/a\n0,Dog,/m/b\n");
        var error = Assert.Throws<DatasetFormatException>(() => DatasetLayouts.Read("fsd50k", folder.Root));
        Assert.Equal((vocabulary, (int?)2), (error.FilePath, error.Line));
    }
}
