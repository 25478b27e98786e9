using System.CommandLine;
using Grid.Client;
using Grid.Client.Reports;
using Xunit;

namespace Grid.Tests.Reports;

[Trait("Category", "Unit")]
public sealed class ReportDataJsonTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("grid-report-json-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void SavedDataRendersTheSameReport()
    {
        var data = SampleReport.CrossValidation();
        var path = Path.Combine(_folder, "data.json");

        ReportDataJson.Write(data, path);
        var read = ReportDataJson.Read(path);

        Assert.Equal(MarkdownRenderer.Render(ReportWriter.Build(data)), MarkdownRenderer.Render(ReportWriter.Build(read)));
        Assert.Contains("\"evaluation\": \"crossValidation\"", File.ReadAllText(path));
    }

    [Fact]
    public void MalformedDataNamesTheFileLineAndMember()
    {
        var path = Path.Combine(_folder, "broken.json");
        File.WriteAllText(path, "{\n  \"experimentName\": \"x\",\n  \"classes\": [\"a\"],\n  \"trials\": [ { \"name\": 3 } ]\n}");

        var error = Assert.Throws<InvalidDataException>(() => ReportDataJson.Read(path));

        Assert.Contains(path, error.Message);
        Assert.Contains("line 4", error.Message);
        Assert.Contains("$.trials[0].name", error.Message);
    }

    [Fact]
    public void RenderCommandWritesTheReport()
    {
        var path = Path.Combine(_folder, "data.json");
        ReportDataJson.Write(SampleReport.FixedSplit(), path);
        var output = Path.Combine(_folder, "out");
        var root = new RootCommand { ReportCommands.Create() };

        var exitCode = root.Parse(["report", "render", path, "--out", output]).Invoke();

        Assert.Equal(0, exitCode);
        Assert.Contains("# GTZAN fixed split", File.ReadAllText(Path.Combine(output, "report.md")));
        Assert.True(File.Exists(Path.Combine(output, "report.html")));
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(output, "figures"), "*.png"));
    }

    [Fact]
    public void RenderCommandFailsCleanlyOnAMissingFile()
    {
        var root = new RootCommand { ReportCommands.Create() };

        var exitCode = root.Parse(["report", "render", Path.Combine(_folder, "absent.json"), "--out", _folder]).Invoke();

        Assert.Equal(1, exitCode);
    }
}
