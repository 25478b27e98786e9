using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Grid.Learning.Models;
using Grid.Learning.Training;

namespace Grid.Client;

/// <summary>
/// <c>grid us8k</c>: the thesis's UrbanSound8K protocol (10-fold cross-validation) as a one-trial sweep,
/// from a local folder every silo can read or a dataset uploaded with <c>grid data upload</c>.
/// </summary>
public static class Us8kCommand
{
    public static Command Create()
    {
        var data = new Option<string>("--data") { Description = "Dataset folder (present on every silo) or the NAME given to grid data upload", Required = true };
        var folds = new Option<string>("--folds") { Description = "Folds to hold out: a range 1-10 or a list 1,3,5", DefaultValueFactory = _ => "1-10" };
        var protocol = ChoiceOptions.Among("--protocol", "Downstream protocol", Enum.GetValues<Protocol>().Select(ChoiceOptions.Spell).ToArray(), ChoiceOptions.Spell(Protocol.Scratch));
        var init = new Option<string?>("--init") { Description = "Encoder for finetune/freeze/knn: moco or npid (pretrained on the folds first), or a weights file" };
        var model = ChoiceOptions.Among("--model", "Encoder", ResNetArchitecture.All.Select(a => a.Name).ToArray(), "resnet18");
        var width = new Option<int>("--width") { Description = "Channels of the first stage (64 is torchvision's ResNet)", DefaultValueFactory = _ => 16 };
        var epochs = new Option<int>("--epochs") { Description = "Training epochs per fold (the thesis trains 30)", DefaultValueFactory = _ => 30 };
        var seed = new Option<long>("--seed") { Description = "Experiment seed", DefaultValueFactory = _ => 0 };
        var watch = new Option<bool>("--watch") { Description = "Follow the run until it ends" };
        var config = GridConnection.ConfigOption();
        var command = new Command("us8k", "Cross-validate one configuration on UrbanSound8K across the cluster; prints the experiment id")
        {
            data, folds, protocol, init, model, width, epochs, seed, watch, config,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            string spec;
            try
            {
                spec = Spec(parse.GetValue(data)!, ParseFolds(parse.GetValue(folds)!), parse.GetValue(protocol)!, parse.GetValue(init),
                    parse.GetValue(model)!, parse.GetValue(width), parse.GetValue(epochs), parse.GetValue(seed));
                Grains.Specs.SweepPlanner.Plan("validation", spec);
            }
            catch (Exception error) when (error is FormatException or Grains.Specs.SpecException)
            {
                Console.Error.WriteLine($"grid: {error.Message}");
                return CommandRunner.BadInput;
            }
            return await CommandRunner.WithClusterAsync(parse.GetValue(config), cancellationToken, async client =>
            {
                var id = await SweepCommands.LaunchAsync(client, spec, cancellationToken);
                Console.WriteLine(id);
                if (parse.GetValue(watch)) await SweepWatcher.WatchAsync(client, id, cancellationToken);
                return CommandRunner.Ok;
            });
        });
        return command;
    }

    /// <summary>The sweep spec of one US8K run; a dataset that is not a local folder is taken as an uploaded name.</summary>
    public static string Spec(string data, int[] folds, string protocol, string? init, string model, int width, int epochs, long seed)
    {
        var location = Directory.Exists(data) ? Path.GetFullPath(data) : "blob:" + data;
        var spec = new JsonObject
        {
            ["name"] = "us8k-" + protocol,
            ["seed"] = seed,
            ["dataset"] = new JsonObject { ["layout"] = "us8k", ["location"] = location, ["folds"] = new JsonArray(folds.Select(f => (JsonNode)f).ToArray()) },
            ["protocol"] = protocol,
            ["model"] = new JsonObject { ["architecture"] = model, ["width"] = width },
            ["training"] = new JsonObject { ["epochs"] = epochs },
        };
        if (init is "moco" or "npid")
            spec["pretraining"] = new JsonObject { ["method"] = init };
        else if (init is not null)
            spec["initPath"] = Path.GetFullPath(init);
        return spec.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    /// <summary>No layout has a fold above csv's largest, so a range past it is a typing error, refused before it is expanded.</summary>
    private const int MaxFold = Grid.Learning.Data.CsvLayout.MaxFold;

    public static int[] ParseFolds(string text)
    {
        var folds = new List<int>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var range = part.Split('-');
            if (range.Length > 2 || !range.All(r => int.TryParse(r, out _)))
                throw new FormatException($"--folds: '{part}' is not a fold number or a range like 1-10");
            var (first, last) = (int.Parse(range[0]), int.Parse(range[^1]));
            if (first > last) throw new FormatException($"--folds: range {part} runs backwards");
            if (first < 1 || last > MaxFold) throw new FormatException($"--folds: folds are 1 to {MaxFold} (got {part})");
            folds.AddRange(Enumerable.Range(first, last - first + 1));
        }
        if (folds.Count == 0) throw new FormatException("--folds: no folds given");
        return folds.Distinct().ToArray();
    }
}
