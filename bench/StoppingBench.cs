using System.Globalization;
using Grid.Grains;
using Grid.Learning.Data.Synthetic;
using Grid.Tests.Infrastructure;

namespace Grid.Bench;

/// <summary>
/// Early stopping, side by side in one run: a sweep of 12 trials (6 learning rates × 2 batch sizes) over 5 folds of
/// synthetic US8K, tiny real training on one silo process with 2 slots on Azurite, run in full, with the paired rule
/// (paired t, α 0.1, from 2 folds) and with ASHA (grace 1, η 3). Per pruned run: is its best trial the full run's, and
/// its slot-seconds (every run's span on a slot, from the runner's log lines; a stopped run until its slot's next run
/// or the sweep's end) over the full run's.
/// </summary>
public sealed class StoppingBench(BenchSettings settings)
{
    private const string Command = "./grid bench --only stopping";
    private const int Folds = 5;
    private const int Epochs = 4;
    private const double Goal = 0.5;
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(15);

    private static readonly (string Name, string Stopping)[] Runs =
    [
        ("full", """{ "rule": "none" }"""),
        ("paired", """{ "rule": "paired", "test": "t", "alpha": 0.1, "minFolds": 2 }"""),
        ("asha", """{ "rule": "asha", "gracePeriod": 1, "reductionFactor": 3 }"""),
    ];

    private string _dataset = "";

    public IReadOnlyList<BenchRow> Run() => RunAsync().GetAwaiter().GetResult();

    private async Task<IReadOnlyList<BenchRow>> RunAsync()
    {
        await using var azurite = new AzuriteProcess();
        await azurite.StartAsync();
        var root = Directory.CreateTempSubdirectory("grid-bench-stopping-").FullName;
        try
        {
            _dataset = Path.Combine(root, "us8k");
            SyntheticDataset.Write("us8k", _dataset, 3, settings.Seed);
            var results = new List<(string Name, int Best, string BestText, double SlotSeconds, int FoldsRun)>();
            foreach (var (name, stopping) in Runs)
                results.Add(await SweepAsync(azurite.ConnectionString, root, name, stopping));
            var full = results[0];
            return results.Skip(1).Select(run => BenchRow.AtMost(
                $"Slot-seconds of a sweep pruned by {run.Name} over the full sweep (12 trials × {Folds} folds, {Epochs} epochs, resnet18 width 4, 2 slots): " +
                $"best trial {run.BestText} vs {full.BestText} in full ({(run.Best == full.Best ? "the same" : "DIFFERENT")}); {run.FoldsRun} of {full.FoldsRun} fold runs",
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
      "dataset": { "layout": "us8k", "location": "{{_dataset}}", "folds": [{{string.Join(", ", Enumerable.Range(1, Folds))}}] },
      "protocol": "scratch",
      "model": { "architecture": "resnet18", "width": 4 },
      "training": { "epochs": {{Epochs}}, "batchSize": 8, "learningRate": 0.05 },
      "features": { "sampleRate": 8000, "nMels": 32, "nFft": 256, "hopLength": 128, "clipSeconds": 1.0 },
      "search": {
        "training.learningRate": { "grid": [0.0003, 0.001, 0.003, 0.01, 0.03, 0.1] },
        "training.batchSize": { "grid": [8, 16] },
        "stopping": {{stopping}}
      }
    }
    """;

    private async Task<(string Name, int Best, string BestText, double SlotSeconds, int FoldsRun)> SweepAsync(
        string connectionString, string root, string name, string stopping)
    {
        var timeline = new JobTimeline();
        await using var cluster = await BenchCluster.StartAsync(connectionString, root, $"stop-{name}", 1, 2, timeline);
        var experiment = cluster.Client.GetGrain<IExperimentGrain>($"bench-stopping-{name}");
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
        return (name, best.Index, bestText, SlotSeconds(timeline, ended), timeline.Jobs.Count);
    }

    /// <summary>The highest best average among the trials that finished every fold (a stopped trial is never tabled as complete).</summary>
    public static TrialSummary BestTrial(ExperimentSnapshot snapshot)
    {
        var complete = snapshot.Trials.Where(t => t.Aggregate.FoldsCovered == t.FoldsTotal).ToArray();
        return (complete.Length > 0 ? complete : snapshot.Trials.ToArray()).MaxBy(t => t.Aggregate.BestAverageAccuracy)!;
    }

    /// <summary>Every run's time on its slot; a run that never logged its end (stopped) holds the slot until the slot's next run or <paramref name="ended"/>.</summary>
    private static double SlotSeconds(JobTimeline timeline, double ended) => timeline.Jobs
        .GroupBy(j => (j.Silo, j.Slot))
        .Sum(slot =>
        {
            var runs = slot.OrderBy(j => j.Running).ToArray();
            return runs.Select((run, i) => (run.Finished ?? (i + 1 < runs.Length ? runs[i + 1].Running : ended)) - run.Running).Sum();
        });
}
