using System.CommandLine;
using Grid.Client.Reports;

namespace Grid.Client.SweepReports;

/// <summary>
/// <c>grid sweep report ID --out DIR [--fold K]</c>: the report of a finished or running sweep (report.md,
/// report.html, figures/*.png, and report-data.json for <c>grid report render</c>).
/// </summary>
public static class SweepReportCommand
{
    public const string DataFile = "report-data.json";

    public static Command Create()
    {
        var id = new Argument<string>("id") { Description = "Experiment id (printed by launch, listed by list)" };
        var output = new Option<DirectoryInfo>("--out") { Description = "Folder for report.md, report.html, figures/ and report-data.json", Required = true };
        var fold = new Option<int>("--fold") { Description = "The held-out fold shown in detail (per-class metrics, confusion, t-SNE)", DefaultValueFactory = _ => 1 };
        var config = GridConnection.ConfigOption();
        var command = new Command("report", "Write a sweep's report: experiment table, curves, leaderboard, paired test, fold detail") { id, output, fold, config };
        command.SetAction((parse, cancellationToken) =>
        {
            var configuration = parse.GetValue(config);
            return CommandRunner.WithClusterAsync(configuration, cancellationToken, client =>
                RunAsync(client, GridConnection.LoadConfiguration(configuration), parse.GetValue(id)!, parse.GetValue(output)!.FullName, parse.GetValue(fold), cancellationToken));
        });
        return command;
    }

    /// <summary>The command's whole path after connecting: fetch, map, write. Returns the exit code.</summary>
    public static async Task<int> RunAsync(IClusterClient client, Microsoft.Extensions.Configuration.IConfiguration configuration, string id,
        string outDirectory, int detailFold, CancellationToken cancellationToken)
    {
        var (snapshot, plan) = await SweepReportFetcher.SweepAsync(client, id, cancellationToken);
        if (!plan.Spec.Dataset.Folds.Contains(detailFold))
        {
            Console.Error.WriteLine($"grid: --fold: {id} holds out folds {TrialMethods.FoldList(plan.Spec.Dataset.Folds)}, not {detailFold}");
            return CommandRunner.BadInput;
        }
        var inputs = await SweepReportFetcher.FetchAsync(client, ArtifactStores.FromConfiguration(configuration), snapshot, plan, detailFold, cancellationToken);
        var data = SweepReportMapper.Map(inputs);
        Directory.CreateDirectory(outDirectory);
        ReportDataJson.Write(data, Path.Combine(outDirectory, DataFile));
        Console.WriteLine($"report: {ReportWriter.Write(data, outDirectory)}");
        foreach (var note in data.Notes)
            Console.WriteLine($"note: {note}");
        return CommandRunner.Ok;
    }
}
