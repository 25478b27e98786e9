using System.Globalization;
using Grid.Grains;
using Grid.Learning.Data.Synthetic;
using Grid.Tests.Infrastructure;

namespace Grid.Bench;

/// <summary>
/// Early stopping, side by side in one run: a sweep of 12 trials (learning rates 1e-4 to 0.5, log-spaced, as a first
/// search over an unknown setup is) on synthetic US8K, real training on one silo process with 2 slots on Azurite, run in
/// full and with each stopping rule. Two shapes: 5 folds with 30 clips a class (the issue's; the good rates learn to
/// about 45 % and the extremes stay near chance), run also with ASHA (grace 1, η 3); and the US8K protocol's 10 folds
/// with 15 clips a class (so that a fold job trains on about as many clips), full and paired only. The paired rule is
/// a paired t-test at α 0.1 from 2 folds after a first-fold look (McNemar's test on fold 1's clips,
/// <c>"firstFold": true</c>), run with every look at α and with α spent over the looks (Pocock-type,
/// <c>"spending": "pocock"</c>; on ten folds also O'Brien–Fleming-type); on five folds also without the first-fold look. Per pruned run: is its best trial the full run's (the trial the leaderboard
/// ranks first), and its slot-seconds (every run's span on a slot, from the runner's log lines, a stopped run's until
/// its runner logged it stopped) over the full run's.
/// </summary>
public sealed class StoppingBench(BenchSettings settings)
{
    private const string Command = "./grid bench --only stopping";
    private const int Epochs = 6;
    private const double Goal = 0.5;
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(15);

    private const string Full = """{ "rule": "none" }""";
    private const string PairedFoldsOnly = """{ "rule": "paired", "test": "t", "alpha": 0.1, "minFolds": 2 }""";
    private const string Paired = """{ "rule": "paired", "test": "t", "alpha": 0.1, "minFolds": 2, "firstFold": true }""";
    private const string PairedSpent = """{ "rule": "paired", "test": "t", "alpha": 0.1, "minFolds": 2, "spending": "pocock", "firstFold": true }""";
    private const string PairedSpentLate = """{ "rule": "paired", "test": "t", "alpha": 0.1, "minFolds": 2, "spending": "obrien-fleming", "firstFold": true }""";
    private const string Asha = """{ "rule": "asha", "gracePeriod": 1, "reductionFactor": 3 }""";

    /// <param name="Runs">Each run: its name (experiment ids), the row's words for its rule, its <c>search.stopping</c>.</param>
    private sealed record Shape(int Folds, int ClipsPerClass, (string Name, string Label, string Stopping)[] Runs);

    private static readonly (string, string, string) FullRun = ("full", "none", Full);
    private static readonly (string, string, string) PairedRun = ("paired", "paired (every look at α, the first on fold 1's clips by McNemar)", Paired);
    private static readonly (string, string, string) PairedFoldsOnlyRun = ("paired-folds-only", "paired without the first-fold look (every look at α)", PairedFoldsOnly);
    private static readonly (string, string, string) PairedSpentRun = ("paired-pocock", "paired (α spent over the looks from fold 1's clips by McNemar, Pocock-type)", PairedSpent);

    private static readonly Shape[] Shapes =
    [
        new(5, 30, [FullRun, PairedRun, PairedFoldsOnlyRun, PairedSpentRun, ("asha", "asha", Asha)]),
        new(10, 15, [FullRun, PairedRun, PairedSpentRun,
            ("paired-obrien-fleming", "paired (α spent over the looks from fold 1's clips by McNemar, O'Brien–Fleming-type)", PairedSpentLate)]),
    ];

    private string _dataset = "";
    private int _folds;

    public IReadOnlyList<BenchRow> Run() => RunAsync().GetAwaiter().GetResult();

    private async Task<IReadOnlyList<BenchRow>> RunAsync()
    {
        await using var azurite = new AzuriteProcess();
        await azurite.StartAsync();
        var rows = new List<BenchRow>();
        foreach (var shape in Shapes)
            rows.AddRange(await ShapeAsync(azurite.ConnectionString, shape));
        return rows;
    }

    private async Task<IEnumerable<BenchRow>> ShapeAsync(string connectionString, Shape shape)
    {
        var root = Directory.CreateTempSubdirectory("grid-bench-stopping-").FullName;
        try
        {
            _dataset = Path.Combine(root, "us8k");
            _folds = shape.Folds;
            SyntheticDataset.Write("us8k", _dataset, shape.ClipsPerClass, settings.Seed);
            var results = new List<SweepOutcome>();
            foreach (var (name, label, stopping) in shape.Runs)
                results.Add(await SweepAsync(connectionString, root, name, stopping) with { Name = label });
            var full = results[0];
            return results.Skip(1).Select(run => BenchRow.AtMost(
                $"Slot-seconds of a sweep pruned by {run.Name} over the full sweep (12 learning rates 1e-4 to 0.5 × {shape.Folds} folds, {Epochs} epochs, {shape.ClipsPerClass} clips a class, resnet18 width 8, 2 slots): " +
                $"best trial {run.BestText} vs {full.BestText} in full ({(run.Best == full.Best ? "the same" : string.Create(CultureInfo.InvariantCulture, $"DIFFERENT: trial {run.Best} reached {full.Accuracies[run.Best]:P1} in full"))}); {run.FoldsRun} of {full.FoldsRun} fold runs, {run.Epochs} of {full.Epochs} epochs trained",
                "the same sweep without stopping", $"{run.SlotSeconds:0} slot-s", $"{full.SlotSeconds:0} slot-s",
                run.Best == full.Best ? run.SlotSeconds / full.SlotSeconds : double.PositiveInfinity, Goal, Command)).ToArray();
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private string Spec(string name, string stopping) => $$"""
    {
      "name": "{{name}}",
      "seed": {{settings.Seed}},
      "dataset": { "layout": "us8k", "location": "{{_dataset}}", "folds": [{{string.Join(", ", Enumerable.Range(1, _folds))}}] },
      "protocol": "scratch",
      "model": { "architecture": "resnet18", "width": 8 },
      "training": { "epochs": {{Epochs}}, "batchSize": 16, "learningRate": 0.01, "specAugment": false },
      "features": { "sampleRate": 8000, "nMels": 32, "nFft": 256, "hopLength": 128, "clipSeconds": 1.0 },
      "search": {
        "training.learningRate": { "grid": [0.0001, 0.0002, 0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5] },
        "stopping": {{stopping}}
      }
    }
    """;

    /// <summary>One sweep's figures; <paramref name="Accuracies"/>: each trial's best average over the folds it finished.</summary>
    private sealed record SweepOutcome(string Name, int Best, string BestText, double SlotSeconds, int FoldsRun, int Epochs, IReadOnlyDictionary<int, double> Accuracies);

    private async Task<SweepOutcome> SweepAsync(
        string connectionString, string root, string name, string stopping)
    {
        var timeline = new JobTimeline();
        await using var cluster = await BenchCluster.StartAsync(connectionString, root, $"stop{_folds}-{name}", 1, 2, timeline);
        var experiment = cluster.Client.GetGrain<IExperimentGrain>($"bench-stopping-{_folds}-{name}");
        await experiment.LaunchAsync(Spec(name, stopping));
        var deadline = DateTime.UtcNow + Limit;
        ExperimentSnapshot snapshot;
        while ((snapshot = await experiment.GetSnapshotAsync()).State == ExperimentState.Running)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"waited {Limit} for the {name} sweep");
            await Task.Delay(200);
        }
        var ended = timeline.Now;
        if (snapshot.Trials.SelectMany(t => t.Folds).FirstOrDefault(f => f.State == FoldState.Failed) is { } failed)
            throw new InvalidOperationException($"benchmark fold {failed.Key} failed: {failed.Error}");
        var best = BestTrial(snapshot);
        var bestText = string.Create(CultureInfo.InvariantCulture,
            $"{best.Index} ({best.Aggregate.BestAverageAccuracy:P1} over {best.Aggregate.FoldsCovered} folds)");
        var slotSeconds = SlotSeconds(timeline, ended);
        var trials = string.Join(", ", snapshot.Trials.Select(t => FormattableString.Invariant($"{t.Index} {t.Aggregate.BestAverageAccuracy:P0}/{t.Aggregate.FoldsCovered}")));
        // Epochs that reported, stopped folds' included: the work done, free of the machine's load.
        var epochs = snapshot.Trials.SelectMany(t => t.Folds).Sum(f => f.EpochAccuracies.Count);
        Console.Error.WriteLine(FormattableString.Invariant(
            $"bench: stopping, {_folds} folds, {name}: {slotSeconds:0} slot-s, {timeline.Jobs.Count} fold runs, {epochs} epochs, best trial {bestText}; trials: {trials}"));
        // Every decision's evidence, to tell a stop on clear evidence from one on noise.
        foreach (var decision in snapshot.StopDecisions.OrderBy(d => d.ComparedFolds.Count).ThenBy(d => d.TrialIndex))
            Console.Error.WriteLine($"bench: stopping, {_folds} folds, {name}: trial {decision.TrialIndex} {decision.Reason}");
        // Where the finished runs' time went (the runners' phase breakdown), to tell the rule's savings from the machine's.
        if (timeline.PhaseMedians() is { } phases)
            Console.Error.WriteLine($"bench: stopping, {_folds} folds, {name}: {phases}");
        return new SweepOutcome(name, best.Index, bestText, slotSeconds, timeline.Jobs.Count, epochs,
            snapshot.Trials.ToDictionary(t => t.Index, t => t.Aggregate.BestAverageAccuracy));
    }

    /// <summary>The trial the console's leaderboard and the report rank first.</summary>
    public static TrialSummary BestTrial(ExperimentSnapshot snapshot) => TrialRanking.Order(snapshot.Trials)[0];

    /// <summary>Every run's time on its slot; a run that never logged its end holds the slot until the slot's next run or <paramref name="ended"/>.</summary>
    private static double SlotSeconds(JobTimeline timeline, double ended) => timeline.Jobs
        .GroupBy(j => (j.Silo, j.Slot))
        .Sum(slot =>
        {
            var runs = slot.OrderBy(j => j.Running).ToArray();
            return runs.Select((run, i) => (run.Finished ?? (i + 1 < runs.Length ? runs[i + 1].Running : ended)) - run.Running).Sum();
        });
}
