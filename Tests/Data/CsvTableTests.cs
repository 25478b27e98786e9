using Xunit;
using Grid.Learning.Data;

namespace Grid.Tests.Data;

[Trait("Category", "Unit")]
public sealed class CsvTableTests
{
    [Fact]
    public void QuotedFieldsKeepCommasQuotesAndLineBreaks()
    {
        using var folder = new TempFolder();
        var path = folder.WriteText("a.csv", "fname,labels,mids,split\r\n1,\"Bark,Dog\",\"/m/a,/m/b\",train\n2,\"say \"\"hi\"\"\nthere\",x,val\n\n3,plain,m,train\n");
        var table = CsvTable.ReadWithHeader(path, "fname", "labels");
        Assert.Equal(3, table.Rows.Count);
        Assert.Equal("Bark,Dog", table.Rows[0].Fields[1]);
        Assert.Equal("say \"hi\"\nthere", table.Rows[1].Fields[1]);
        Assert.Equal([2, 3, 6], table.Rows.Select(r => r.Line));
    }

    [Fact]
    public void MissingColumnNamesFileAndLine()
    {
        using var folder = new TempFolder();
        var path = folder.WriteText("a.csv", "a,b\n1,2\n");
        var error = Assert.Throws<DatasetFormatException>(() => CsvTable.ReadWithHeader(path, "a", "c"));
        Assert.Equal(path, error.FilePath);
        Assert.Equal(1, error.Line);
        Assert.Contains("c", error.Reason);
    }

    [Theory]
    [InlineData("a,b\n1,2,3\n", 2, "expected 2 fields")]
    [InlineData("a,b\n1,\"2\n", 2, "not closed")]
    [InlineData("a,b\n1,2\"x\n", 2, "quote inside")]
    [InlineData("a,b\n1,\"2\"x\n", 2, "after a closing quote")]
    public void MalformedRowsNameTheirLine(string text, int line, string reason)
    {
        using var folder = new TempFolder();
        var path = folder.WriteText("a.csv", text);
        var error = Assert.Throws<DatasetFormatException>(() => CsvTable.ReadWithHeader(path, "a", "b"));
        Assert.Equal(line, error.Line);
        Assert.Contains(reason, error.Reason);
        Assert.StartsWith($"{path}:{line}:", error.Message);
    }

    [Fact]
    public void BadNumberNamesColumnAndLine()
    {
        using var folder = new TempFolder();
        var path = folder.WriteText("a.csv", "a,b\n1,2\n3,x\n");
        var table = CsvTable.ReadWithHeader(path, "a", "b");
        Assert.Equal(2, table.Int(table.Rows[0], 1));
        var error = Assert.Throws<DatasetFormatException>(() => table.Int(table.Rows[1], 1));
        Assert.Equal(3, error.Line);
        Assert.Contains("'b'", error.Reason);
    }

    [Fact]
    public void MissingFileIsNamed()
    {
        var error = Assert.Throws<DatasetFormatException>(() => CsvTable.ReadWithHeader("/nonexistent/x.csv", "a"));
        Assert.Equal("/nonexistent/x.csv", error.FilePath);
    }
}
