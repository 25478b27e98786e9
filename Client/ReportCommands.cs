using System.CommandLine;
using Grid.Client.Reports;

namespace Grid.Client;

/// <summary>`grid report render DATA.json --out DIR`: renders a report from saved report data.</summary>
public static class ReportCommands
{
    public static Command Create()
    {
        var report = new Command("report", "Render experiment reports (Markdown, HTML and PNG figures)");
        report.Subcommands.Add(Render());
        return report;
    }

    private static Command Render()
    {
        var data = new Argument<FileInfo>("data") { Description = "Report data as JSON (see docs/reports.md)" };
        var output = new Option<DirectoryInfo>("--out") { Description = "Folder for report.md, report.html and figures/", Required = true };
        var command = new Command("render", "Render report.md, report.html and figures/*.png from report data");
        command.Arguments.Add(data);
        command.Options.Add(output);
        command.SetAction(parseResult =>
        {
            var dataFile = parseResult.GetValue(data)!;
            var outDirectory = parseResult.GetValue(output)!;
            try
            {
                var markdown = ReportWriter.Write(ReportDataJson.Read(dataFile.FullName), outDirectory.FullName);
                Console.WriteLine($"report: {markdown}");
                return 0;
            }
            catch (Exception error) when (error is InvalidDataException or ArgumentException or IOException)
            {
                Console.Error.WriteLine($"grid report render: {error.Message}");
                return 1;
            }
        });
        return command;
    }
}
