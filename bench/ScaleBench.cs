using System.Globalization;
using Grid.Grains;
using Grid.Tests.Infrastructure;

namespace Grid.Bench;

/// <summary>
/// Issue 13 item 7: the real grains and scheduler at many slots, with jobs that train nothing (the silos' simulated
/// executor: each one-epoch job sleeps one second and reports its epoch through the grains). Silo processes on
/// Azurite, as the end-to-end tests run them, with the push to idle runners and the default 10 s safety-net poll.
/// Per shape: makespan over ideal (ideal = jobs × 1 s ÷ slots), hand-out latency p50/p99 and the epoch reports per
/// second the grains absorbed. A shape that does not finish in its time limit (30 × its ideal, at least 2 minutes,
/// from the first launch) is reported with how far it got.
/// </summary>
public sealed class ScaleBench(BenchSettings settings)
{
    private const string Command = "./grid bench (scale)";
    private const int FoldsPerTrial = 10;
    /// <summary>Sweeps of ten trials × ten folds, launched a few at a time, as many users' sweeps would arrive.</summary>
    private const int JobsPerExperiment = 100;
    private const int LaunchesInFlight = 4;
    private static readonly TimeSpan JobLength = TimeSpan.FromSeconds(1);

    /// <summary>One measured cluster: silo processes, slots per silo and one-second jobs.</summary>
    public sealed record Shape(int Silos, int SlotsPerSilo, int Jobs)
    {
        public int Slots => Silos * SlotsPerSilo;
        public TimeSpan Ideal => JobLength * Jobs / Slots;
        public override string ToString() => $"{Jobs:N0} one-second simulated jobs on {Slots:N0} slots ({Silos} silo processes × {SlotsPerSilo})";

        /// <summary>Shapes written <c>SILOSxSLOTSxJOBS</c>, comma-separated (<c>--scale 2x25x500,4x250x10000</c>).</summary>
        public static IReadOnlyList<Shape> ParseList(string text) => text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(one => one.Split('x') is [var silos, var slots, var jobs]
                && int.TryParse(silos, CultureInfo.InvariantCulture, out var s) && int.TryParse(slots, CultureInfo.InvariantCulture, out var n)
                && int.TryParse(jobs, CultureInfo.InvariantCulture, out var j) && s > 0 && n > 0 && j > 0
                ? new Shape(s, n, j)
                : throw new ArgumentException($"--scale: '{one}' is not SILOSxSLOTSxJOBS (e.g. 2x25x500)"))
            .ToArray();
    }

    public IReadOnlyList<BenchRow> Run() => RunAsync().GetAwaiter().GetResult();

    private async Task<IReadOnlyList<BenchRow>> RunAsync()
    {
        await using var azurite = new AzuriteProcess();
        await azurite.StartAsync();
        var root = Directory.CreateTempSubdirectory("grid-bench-scale-").FullName;
        try
        {
            var rows = new List<BenchRow>();
            foreach (var shape in settings.ScaleShapes)
                rows.AddRange(await MeasureAsync(azurite.ConnectionString, root, shape));
            return rows;
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>The silos' settings on top of the end-to-end tests' ones.</summary>
    private static Dictionary<string, string> SiloSettings() => new()
    {
        ["GRID_Runner__Executor"] = "simulated",
        ["GRID_Runner__SimulatedEpoch"] = JobLength.ToString("c", CultureInfo.InvariantCulture),
        ["GRID_Runner__PollInterval"] = "00:00:10",
        ["GRID_Runner__HeartbeatInterval"] = "00:00:02",
        // Not a recovery measurement: a scheduler slowed by load must not also re-queue jobs whose heartbeat waited in its queue.
        ["GRID_Scheduler__LeaseTimeout"] = "00:02:00",
    };

    /// <summary>One experiment of <paramref name="trials"/> sampled trials × ten one-epoch folds.</summary>
    private string Spec(string location, int experiment, int trials) => $$"""
    {
      "name": "scale{{experiment}}",
      "seed": {{settings.Seed + experiment}},
      "dataset": { "layout": "us8k", "location": "{{location}}", "folds": [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] },
      "protocol": "scratch",
      "model": { "architecture": "resnet18", "width": 4 },
      "training": { "epochs": 1, "batchSize": 8, "learningRate": 0.05 },
      "search": { "training.learningRate": { "uniform": [0.01, 0.1] } },
      "samples": {{trials}}
    }
    """;

    private async Task<IEnumerable<BenchRow>> MeasureAsync(string connectionString, string root, Shape shape)
    {
        var location = Directory.CreateDirectory(Path.Combine(root, "unused-dataset")).FullName;
        var timeline = new JobTimeline();
        await using var cluster = await BenchCluster.StartAsync(connectionString, root, $"scale{shape.Slots}", shape.Silos, shape.SlotsPerSilo, timeline,
            SiloSettings(), clientTimeout: TimeSpan.FromMinutes(5));
        var experiments = Math.Max(1, shape.Jobs / JobsPerExperiment);
        var trials = shape.Jobs / experiments / FoldsPerTrial;
        var ids = Enumerable.Range(0, experiments).Select(e => $"scale-{shape.Slots}-{e}").ToArray();

        var launched = timeline.Now;
        var launching = LaunchAllAsync(cluster, ids.Select((id, e) => (id, Spec(location, e, trials))).ToArray());
        var limit = TimeSpan.FromSeconds(Math.Max(120, 30 * shape.Ideal.TotalSeconds));
        var deadline = DateTime.UtcNow + limit;
        while ((!launching.IsCompleted || timeline.Jobs.Count(j => j.Finished is not null) < shape.Jobs) && DateTime.UtcNow < deadline)
            await Task.Delay(200);
        var launchSeconds = launching.IsCompleted ? $"{launching.Result.Seconds:0.0} s" : $"more than {limit.TotalSeconds:0} s";

        var jobs = timeline.Jobs;
        if (timeline.PhaseMedians() is { } phases)
            Console.Error.WriteLine($"bench: scale, {shape}: {phases}");
        var finished = jobs.Where(j => j.Finished is not null).ToArray();
        var complete = finished.Length >= shape.Jobs;
        var end = complete ? finished.Max(j => j.Finished!.Value) : timeline.Now;
        var makespan = end - launched;
        var latencies = timeline.SchedulingLatencies(launched).Select(s => s * 1000).Order().ToArray();
        var (p50, p99) = (Percentile(latencies, 0.50), Percentile(latencies, 0.99));
        // A runner logs "Finished" only after the fold grain accepted its one epoch and its completion.
        var reports = finished.Length;
        var span = jobs.Count == 0 ? double.NaN : end - jobs.Min(j => j.Running);
        var needed = shape.Slots / JobLength.TotalSeconds;
        var launchNote = $"launch of {experiments} sweeps of {JobsPerExperiment} jobs, {LaunchesInFlight} at a time: {launchSeconds}" +
            (launching.IsCompleted && launching.Result.Errors.Count > 0 ? $", {launching.Result.Errors.Count} answered late ({launching.Result.Errors[0]}) though their jobs were queued" : "");
        var what = $"{shape}, real grains and scheduler on Azurite ({launchNote})";
        var reference = "ideal = jobs × 1 s ÷ slots (Ray Tune documents 1.14 for 10,000 one-second trials on 16 CPUs)";
        var makespanRow = complete
            ? BenchRow.AtMost($"Makespan over ideal: {what}", reference, Seconds(makespan), Seconds(shape.Ideal.TotalSeconds), makespan / shape.Ideal.TotalSeconds, 1.05, Command, strict: true)
            : new BenchRow($"Makespan over ideal: {what}", reference,
                $"unfinished: {finished.Length:N0} of {shape.Jobs:N0} jobs done after {makespan:0} s ({finished.Length / makespan:0.0} jobs/s)",
                Seconds(shape.Ideal.TotalSeconds), makespan / shape.Ideal.TotalSeconds, "< 1.05", Verdict.Missed, Command);
        return
        [
            makespanRow,
            BenchRow.Informative($"Hand-out latency, queued or slot free → job running, p50 and p99 over {latencies.Length:N0} hand-outs: {shape}", "one job's length",
                $"p50 {p50:0} ms, p99 {p99:0} ms", $"{JobLength.TotalMilliseconds:0} ms", p99 / JobLength.TotalMilliseconds, Command),
            BenchRow.Informative($"Epoch reports absorbed per second (from the first job running to the last finished): {shape}",
                "reports per second at full occupancy (slots ÷ epoch length)", $"{reports / span:0.0}/s", $"{needed:0}/s", reports / span / needed, Command),
        ];
    }

    /// <summary>
    /// Launches the experiments, <see cref="LaunchesInFlight"/> at a time; returns the launches that failed. A launch whose
    /// answer comes too late (a trial's fan-out behind Orleans' 30 s response timeout on a loaded machine) has still
    /// stored its plan and queued its jobs, which then run.
    /// </summary>
    private static async Task<(double Seconds, IReadOnlyList<string> Errors)> LaunchAllAsync(BenchCluster cluster, IReadOnlyList<(string Id, string Spec)> experiments)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        using var inFlight = new SemaphoreSlim(LaunchesInFlight);
        var errors = new System.Collections.Concurrent.ConcurrentQueue<string>();
        await Task.WhenAll(experiments.Select(async experiment =>
        {
            await inFlight.WaitAsync();
            try
            {
                await cluster.Client.GetGrain<IExperimentGrain>(experiment.Id).LaunchAsync(experiment.Spec);
            }
            catch (TimeoutException error)
            {
                errors.Enqueue(error.Message.Split('.')[0]);
            }
            finally
            {
                inFlight.Release();
            }
        }));
        return (watch.Elapsed.TotalSeconds, errors.ToArray());
    }

    private static double Percentile(IReadOnlyList<double> sorted, double share) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(share * sorted.Count) - 1)];

    private static string Seconds(double seconds) => $"{seconds:0.00} s";
}
