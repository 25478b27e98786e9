using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Grid.Grains;
using Grid.Grains.Specs;

namespace Grid.Client;

/// <summary><c>grid sweep launch|status|list|cancel|retry|results|report</c>: hyperparameter sweeps on the cluster.</summary>
static class SweepCommands
{
    /// <summary>Snapshots as JSON for <c>--json</c>: kNN folds have no loss (NaN), which plain JSON numbers cannot hold.</summary>
    internal static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

    public static Command Create()
    {
        var command = new Command("sweep", "Hyperparameter sweeps: launch a spec, follow it, list, cancel, retry, read results");
        command.Subcommands.Add(Launch());
        command.Subcommands.Add(Status());
        command.Subcommands.Add(List());
        command.Subcommands.Add(Cancel());
        command.Subcommands.Add(Retry());
        command.Subcommands.Add(Results());
        command.Subcommands.Add(SweepReports.SweepReportCommand.Create());
        return command;
    }

    /// <summary>Starts a spec (validated by the caller; the experiment grain plans and validates it again) on the cluster; returns the experiment id.</summary>
    public static async Task<string> LaunchAsync(IClusterClient client, string specJson, CancellationToken cancellationToken)
    {
        var name = SweepSpecParser.Parse(specJson).Name;
        var id = $"{name}-{DateTime.UtcNow:yyyyMMdd-HHmmss}-{Guid.NewGuid().ToString("N")[..4]}";
        await client.GetGrain<IExperimentGrain>(id).LaunchAsync(specJson, cancellationToken);
        return id;
    }

    private static Command Launch()
    {
        var spec = new Argument<FileInfo>("spec") { Description = "The sweep spec (JSON)" };
        var watch = new Option<bool>("--watch") { Description = "Follow the sweep until it ends" };
        var config = GridConnection.ConfigOption();
        var command = new Command("launch", "Validate a sweep spec, start it and print its experiment id") { spec, watch, config };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var file = parse.GetValue(spec)!;
            string json;
            try
            {
                json = await File.ReadAllTextAsync(file.FullName, cancellationToken);
                Studies.CorpusCheck.Check(SweepPlanner.Plan("validation", json));
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
                if (parse.GetValue(watch)) await SweepWatcher.WatchAsync(client, id, cancellationToken);
                return CommandRunner.Ok;
            });
        });
        return command;
    }

    private static Command Status()
    {
        var (id, watch, config) = (IdArgument(), new Option<bool>("--watch") { Description = "Keep the table live until the sweep ends" }, GridConnection.ConfigOption());
        var command = new Command("status", "Trials with folds done, current epochs, mean ± std so far, best average accuracy, running folds, ETA") { id, watch, config };
        command.SetAction((parse, cancellationToken) => CommandRunner.WithClusterAsync(parse.GetValue(config), cancellationToken, async client =>
        {
            var experiment = parse.GetValue(id)!;
            if (parse.GetValue(watch))
                await SweepWatcher.WatchAsync(client, experiment, cancellationToken);
            else
                Console.Write(SweepTable.Render(await client.GetGrain<IExperimentGrain>(experiment).GetSnapshotAsync(cancellationToken)));
            return CommandRunner.Ok;
        }));
        return command;
    }

    private static Command List()
    {
        var config = GridConnection.ConfigOption();
        var command = new Command("list", "Every experiment the cluster knows, oldest first") { config };
        command.SetAction((parse, cancellationToken) => CommandRunner.WithClusterAsync(parse.GetValue(config), cancellationToken, async client =>
        {
            foreach (var experiment in await client.GetGrain<IExperimentRegistryGrain>(GrainKeys.Singleton).ListAsync(cancellationToken))
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{experiment.Id}  {experiment.State.ToString().ToLowerInvariant(),-9}  {experiment.CreatedAt:yyyy-MM-dd HH:mm}  {experiment.Name}"));
            return CommandRunner.Ok;
        }));
        return command;
    }

    private static Command Cancel()
    {
        var (id, config) = (IdArgument(), GridConnection.ConfigOption());
        var command = new Command("cancel", "Stop a sweep: queued folds are dropped, running ones stopped") { id, config };
        command.SetAction((parse, cancellationToken) => CommandRunner.WithClusterAsync(parse.GetValue(config), cancellationToken, async client =>
        {
            await client.GetGrain<IExperimentGrain>(parse.GetValue(id)!).CancelAsync(cancellationToken);
            Console.WriteLine($"cancelled {parse.GetValue(id)}");
            return CommandRunner.Ok;
        }));
        return command;
    }

    private static Command Retry()
    {
        var (id, config) = (IdArgument(), GridConnection.ConfigOption());
        var stopped = new Option<bool>("--stopped") { Description = "Run the trials the stopping rule stopped to the end instead (never stopped again)" };
        var trial = new Option<int?>("--trial") { Description = "With --stopped: only this trial (its index)" };
        var command = new Command("retry", "Queue every failed or cancelled fold of a sweep again (folds a stopping rule stopped: with --stopped)") { id, stopped, trial, config };
        command.SetAction((parse, cancellationToken) => CommandRunner.WithClusterAsync(parse.GetValue(config), cancellationToken, async client =>
        {
            var experiment = client.GetGrain<IExperimentGrain>(parse.GetValue(id)!);
            if (parse.GetValue(trial) is not null && !parse.GetValue(stopped))
            {
                Console.Error.WriteLine("grid: --trial: only with --stopped");
                return CommandRunner.BadInput;
            }
            var retried = parse.GetValue(stopped)
                ? await experiment.RetryStoppedAsync(parse.GetValue(trial), cancellationToken)
                : await experiment.RetryAsync(cancellationToken);
            Console.WriteLine($"re-queued {retried} {(parse.GetValue(stopped) ? "stopped " : "")}folds of {parse.GetValue(id)}");
            return CommandRunner.Ok;
        }));
        return command;
    }

    private static Command Results()
    {
        var (id, json, config) = (IdArgument(), new Option<bool>("--json") { Description = "Every trial's aggregate and folds as JSON" }, GridConnection.ConfigOption());
        var command = new Command("results", "The leaderboard: trials by best average validation accuracy (with test accuracy on a fixed split)") { id, json, config };
        command.SetAction((parse, cancellationToken) => CommandRunner.WithClusterAsync(parse.GetValue(config), cancellationToken, async client =>
        {
            var snapshot = await client.GetGrain<IExperimentGrain>(parse.GetValue(id)!).GetSnapshotAsync(cancellationToken);
            Console.Write(parse.GetValue(json) ? JsonSerializer.Serialize(snapshot, Json) + "\n" : Leaderboard.Render(snapshot));
            return CommandRunner.Ok;
        }));
        return command;
    }

    private static Argument<string> IdArgument() => new("id") { Description = "Experiment id (printed by launch, listed by list)" };
}
