using System.Globalization;
using Grid.Grains;

namespace Grid.Bench;

/// <summary>
/// The demo's shape on 2 slots (one silo process on Azurite, the silos' simulated executor): a MoCo pretraining run that
/// ten fine-tune folds wait for, beside ten scratch folds, at the demo's proportions (the pretraining twice a fold's
/// length). Makespan over ideal (the sum of the job times ÷ 2), and how long slots stood idle while the gate was pending
/// (from launch until the pretraining finished), which critical-path-first order should keep near the hand-out latency.
/// Measured on the second sweep on the cluster, as every sweep but the first of a running grid is; the first (another
/// seed, so its pretraining is another job) warms the silo's code and grains and is shown beside it.
/// </summary>
public sealed class DemoShapeBench(BenchSettings settings)
{
    private const string Command = "./grid bench (grid)";
    private const int Slots = 2;
    private const int FoldEpochs = 3;
    private static readonly TimeSpan Epoch = TimeSpan.FromMilliseconds(300);
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(4);

    private static string Spec(string location, long seed) => $$"""
    {
      "name": "demo-shape",
      "seed": {{seed}},
      "dataset": { "layout": "us8k", "location": "{{location}}", "folds": [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] },
      "pretraining": { "method": "moco", "queueSize": 128, "training": { "epochs": {{2 * FoldEpochs}}, "batchSize": 32, "learningRate": 0.03 } },
      "protocol": "scratch",
      "model": { "architecture": "resnet18", "width": 8 },
      "training": { "epochs": {{FoldEpochs}}, "batchSize": 32, "learningRate": 0.03 },
      "search": { "protocol": { "grid": ["scratch", "finetune"] } }
    }
    """;

    public async Task<IReadOnlyList<BenchRow>> RunAsync(string connectionString, string root)
    {
        var timeline = new JobTimeline();
        var simulated = new Dictionary<string, string>
        {
            ["GRID_Runner__Executor"] = "simulated",
            ["GRID_Runner__SimulatedEpoch"] = Epoch.ToString("c", CultureInfo.InvariantCulture),
            ["GRID_Runner__PollInterval"] = "00:00:10",
        };
        await using var cluster = await BenchCluster.StartAsync(connectionString, root, "demoshape", 1, Slots, timeline, simulated);
        var location = Directory.CreateDirectory(Path.Combine(root, "demo-shape-dataset")).FullName;
        var first = await SweepAsync(cluster, timeline, "bench-demo-shape-first", Spec(location, settings.Seed + 1));
        var second = await SweepAsync(cluster, timeline, "bench-demo-shape", Spec(location, settings.Seed));
        var what = $"demo-shaped sweep (MoCo gate of {2 * FoldEpochs} epochs + 10 scratch and 10 fine-tune folds of {FoldEpochs}, simulated {Epoch.TotalMilliseconds:0} ms epochs) on {Slots} slots, the second sweep on the cluster";
        return
        [
            BenchRow.AtMost($"Grid makespan vs ideal: {what} (the first: {first.Makespan:0.00} s vs {first.Ideal:0.00} s, {first.Makespan / first.Ideal:0.000})",
                "ideal makespan = sum of job times / slots", $"{second.Makespan:0.00} s", $"{second.Ideal:0.00} s", second.Makespan / second.Ideal, 1.05, Command),
            BenchRow.Informative($"Slot time idle while the gate was pending (launch → pretraining finished; longest gap {second.LongestGap * 1000:0} ms; the first sweep: {first.Idle:0.00} slot-s): {what}",
                "slot time of that window", $"{second.Idle:0.00} slot-s", $"{second.Window:0.00} slot-s", second.Idle / second.Window, Command),
        ];
    }

    private sealed record SweepFigures(double Makespan, double Ideal, double Idle, double LongestGap, double Window);

    /// <summary>Runs one demo-shaped sweep to its end; its jobs are those that began running after its launch.</summary>
    private static async Task<SweepFigures> SweepAsync(BenchCluster cluster, JobTimeline timeline, string experimentId, string spec)
    {
        var experiment = cluster.Client.GetGrain<IExperimentGrain>(experimentId);
        var launched = timeline.Now;
        await experiment.LaunchAsync(spec);
        var deadline = DateTime.UtcNow + Limit;
        while ((await experiment.GetSnapshotAsync()).State == ExperimentState.Running)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"waited {Limit} for the demo-shaped sweep");
            await Task.Delay(100);
        }
        var snapshot = await experiment.GetSnapshotAsync();
        if (snapshot.Trials.SelectMany(t => t.Folds).FirstOrDefault(f => f.State != FoldState.Succeeded) is { } failed)
            throw new InvalidOperationException($"demo-shaped fold {failed.Key} ended {failed.State}: {failed.Error}");

        var jobs = timeline.Jobs.Where(j => j.Running >= launched).ToArray();
        if (jobs.Length != 21 || jobs.Any(j => j.Finished is null))
            throw new InvalidOperationException($"saw {jobs.Count(j => j.Finished is not null)} finished of 21 jobs in the silo log");
        var makespan = jobs.Max(j => j.Finished!.Value) - launched;
        var ideal = jobs.Sum(j => j.Finished!.Value - j.Running) / Slots;
        var gate = jobs.Single(j => j.JobId.StartsWith("pretrain:", StringComparison.Ordinal));
        var (idle, longestGap) = IdleWhilePending(jobs, launched, gate.Finished!.Value);
        Console.Error.WriteLine(FormattableString.Invariant($"bench: demo shape, {experimentId}: makespan {makespan:0.00} s, ideal {ideal:0.00} s, idle while gated {idle:0.00} slot-s"));
        return new SweepFigures(makespan, ideal, idle, longestGap, (gate.Finished!.Value - launched) * Slots);
    }

    /// <summary>Slot-seconds with no job between <paramref name="from"/> and <paramref name="until"/>, and the longest single gap.</summary>
    private static (double Idle, double LongestGap) IdleWhilePending(IReadOnlyList<JobTimeline.JobSpan> jobs, double from, double until)
    {
        var (idle, longest) = (0.0, 0.0);
        var slots = jobs.Select(j => (j.Silo, j.Slot)).Distinct().ToArray();
        foreach (var slot in slots.Concat(Enumerable.Repeat(("none", -1), Math.Max(0, Slots - slots.Length))))
        {
            var free = from;
            foreach (var job in jobs.Where(j => (j.Silo, j.Slot) == slot && j.Running < until).OrderBy(j => j.Running))
            {
                var gap = Math.Max(0, job.Running - free);
                (idle, longest) = (idle + gap, Math.Max(longest, gap));
                free = Math.Max(free, job.Finished!.Value);
            }
            var tail = Math.Max(0, until - free);
            (idle, longest) = (idle + tail, Math.Max(longest, tail));
        }
        return (idle, longest);
    }
}
