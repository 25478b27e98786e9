using System.CommandLine;
using System.Text.Json;
using Grid.Client.Reports;
using Grid.Client.SweepReports;
using Grid.Grains;
using Grid.Grains.Specs;

namespace Grid.Client.Studies;

/// <summary><c>grid study launch|status|results|report</c>: several downstream datasets against shared pretraining runs.</summary>
public static class StudyCommands
{
    public static Command Create()
    {
        var command = new Command("study", "Studies: one experiment per downstream dataset, pretraining runs shared (the thesis is specs/lin2022/study.json)");
        command.Subcommands.Add(Launch());
        command.Subcommands.Add(Status());
        command.Subcommands.Add(Results());
        command.Subcommands.Add(Report());
        return command;
    }

    /// <summary>Validates the study here (every dataset's plan and the pretraining corpus), then starts it; returns its id.</summary>
    public static async Task<string> LaunchAsync(IClusterClient client, string studyJson, CancellationToken cancellationToken)
    {
        var id = $"{StudyPlanner.Name(studyJson)}-{DateTime.UtcNow:yyyyMMdd-HHmmss}-{Guid.NewGuid().ToString("N")[..4]}";
        await client.GetGrain<IStudyGrain>(id).LaunchAsync(studyJson, cancellationToken);
        return id;
    }

    /// <summary>Every experiment of the study with its plan and snapshot, in the study's dataset order.</summary>
    public static async Task<IReadOnlyList<StudyDatasetResult>> FetchAsync(IClusterClient client, string id, CancellationToken cancellationToken)
    {
        var study = await client.GetGrain<IStudyGrain>(id).GetAsync(cancellationToken);
        return await Task.WhenAll(study.Datasets.Select(async dataset =>
        {
            var (snapshot, plan) = await SweepReportFetcher.SweepAsync(client, dataset.ExperimentId, cancellationToken);
            return new StudyDatasetResult(dataset.Layout, dataset.ExperimentId, plan, snapshot);
        }));
    }

    private static Command Launch()
    {
        var spec = new Argument<FileInfo>("spec") { Description = "The study spec (JSON), e.g. specs/lin2022/study.json" };
        var config = GridConnection.ConfigOption();
        var command = new Command("launch", "Validate a study spec, start one experiment per downstream dataset, print the study id") { spec, config };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var file = parse.GetValue(spec)!;
            string json;
            try
            {
                json = StudyLocations.Resolve(await File.ReadAllTextAsync(file.FullName, cancellationToken), Environment.CurrentDirectory);
                foreach (var experiment in StudyPlanner.Plan("validation", json))
                    CorpusCheck.Check(SweepPlanner.Plan(experiment.ExperimentId, experiment.SpecJson));
            }
            catch (Exception error) when (error is IOException or SpecException)
            {
                Console.Error.WriteLine(error is SpecException ? $"grid: {file.FullName}: {error.Message}" : $"grid: {error.Message}");
                return CommandRunner.BadInput;
            }
            return await CommandRunner.WithClusterAsync(parse.GetValue(config), cancellationToken, async client =>
            {
                var id = await LaunchAsync(client, json, cancellationToken);
                Console.WriteLine(id);
                return CommandRunner.Ok;
            });
        });
        return command;
    }

    private static Command Status()
    {
        var (id, config) = (IdArgument(), GridConnection.ConfigOption());
        var command = new Command("status", "Each dataset's sweep table: trials, folds done, epochs, mean ± std, running folds") { id, config };
        command.SetAction((parse, cancellationToken) => CommandRunner.WithClusterAsync(parse.GetValue(config), cancellationToken, async client =>
        {
            foreach (var result in await FetchAsync(client, parse.GetValue(id)!, cancellationToken))
            {
                Console.WriteLine($"== {result.Layout}");
                Console.Write(SweepTable.Render(result.Snapshot));
            }
            return CommandRunner.Ok;
        }));
        return command;
    }

    private static Command Results()
    {
        var (id, json, config) = (IdArgument(), new Option<bool>("--json") { Description = "Every dataset's experiment snapshot as JSON" }, GridConnection.ConfigOption());
        var command = new Command("results", "Per dataset, the thesis's table: our accuracy per method × protocol, the thesis's, the difference") { id, json, config };
        command.SetAction((parse, cancellationToken) => CommandRunner.WithClusterAsync(parse.GetValue(config), cancellationToken, async client =>
        {
            var results = await FetchAsync(client, parse.GetValue(id)!, cancellationToken);
            Console.Write(parse.GetValue(json)
                ? JsonSerializer.Serialize(results.ToDictionary(r => r.Layout, r => r.Snapshot), SweepCommands.Json) + "\n"
                : StudyTables.Render(results, ThesisReference.Load()));
            return CommandRunner.Ok;
        }));
        return command;
    }

    private static Command Report()
    {
        var id = IdArgument();
        var output = new Option<DirectoryInfo>("--out") { Description = "Folder for study.md and one sweep report per dataset", Required = true };
        var config = GridConnection.ConfigOption();
        var command = new Command("report", "The thesis's tables with its numbers beside ours, and each dataset's curves, pretraining losses and fold-1 detail") { id, output, config };
        command.SetAction((parse, cancellationToken) =>
        {
            var configuration = parse.GetValue(config);
            return CommandRunner.WithClusterAsync(configuration, cancellationToken, async client =>
            {
                var directory = parse.GetValue(output)!.FullName;
                var results = await FetchAsync(client, parse.GetValue(id)!, cancellationToken);
                foreach (var result in results)
                {
                    var code = await SweepReportCommand.RunAsync(client, GridConnection.LoadConfiguration(configuration), result.ExperimentId,
                        Path.Combine(directory, result.Layout), result.Plan.Spec.Dataset.Folds[0], cancellationToken);
                    if (code != CommandRunner.Ok) return code;
                }
                var path = StudyReport.Write(parse.GetValue(id)!, results, ThesisReference.Load(), directory);
                Console.WriteLine($"study report: {path}");
                return CommandRunner.Ok;
            });
        });
        return command;
    }

    private static Argument<string> IdArgument() => new("id") { Description = "Study id (printed by study launch)" };
}
