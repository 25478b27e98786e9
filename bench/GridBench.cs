using System.Diagnostics;
using System.Globalization;
using Grid.Grains;
using Grid.Learning.Data.Synthetic;
using Grid.Learning.Runtime;
using Grid.Learning.Training;
using Grid.Tests.Infrastructure;

namespace Grid.Bench;

/// <summary>
/// Rows 4 and 6: real silo processes on Azurite (the end-to-end tests' settings: fast membership, 1 s heartbeat,
/// 300 ms poll, 6 s lease) running N short real fold jobs on S slots, against the ideal makespan (sum of the job
/// times / S) and against the same jobs run one after another in this process without Orleans; the scheduling
/// latency per job; and the time from SIGKILLing the silo of a running fold to that fold running on the other silo.
/// </summary>
public sealed class GridBench(BenchSettings settings)
{
    private const string Command = "./grid bench (grid)";
    private const int Jobs = 6;
    private const int Epochs = 5;
    private const int RecoveryEpochs = 500;
    /// <summary>Issue 13's goal: the scheduler revokes a dead silo's leases when membership declares it dead (about 1 s here).</summary>
    private const double RecoveryGoalSeconds = 3;
    /// <summary>Issue 13's goal for short jobs: the grid's makespan at most 1.3 × the same jobs in a plain loop, ÷ slots.</summary>
    private const double PlainLoopGoal = 1.3;
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(4);
    /// <summary>Warm sweeps per cluster shape, each beside its own plain loop: one pair swung 1.2–2.1 between runs on this machine.</summary>
    private const int WarmSweeps = 3;

    private string _dataset = "";

    public IReadOnlyList<BenchRow> Run() => RunAsync().GetAwaiter().GetResult();

    private async Task<IReadOnlyList<BenchRow>> RunAsync()
    {
        await using var azurite = new AzuriteProcess();
        await azurite.StartAsync();
        var root = Directory.CreateTempSubdirectory("grid-bench-grid-").FullName;
        try
        {
            _dataset = Path.Combine(root, "us8k");
            SyntheticDataset.Write("us8k", _dataset, 3, settings.Seed);
            // A first pass warms this process (libtorch, JIT), as the grid's first sweep warms the silos.
            var cache = Path.Combine(root, "plain-loop-cache");
            var cold = PlainLoopSeconds(cache, 1);
            Console.Error.WriteLine(FormattableString.Invariant($"bench: plain loop of {Jobs} fold jobs: {cold:0.00} s cold on 1 thread"));
            var rows = new List<BenchRow>();
            foreach (var (silos, slotsPerSilo) in new[] { (1, 1), (1, 2), (2, 1) })
                rows.AddRange(await OverheadAsync(azurite.ConnectionString, root, cache, silos, slotsPerSilo));
            rows.Add(await RecoveryAsync(azurite.ConnectionString, root));
            rows.AddRange(await DemoShapeRowsAsync(azurite.ConnectionString, root));
            return rows;
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>The spec of the grid rows: Jobs folds of tiny real training (as in the end-to-end tests).</summary>
    private string Spec(string name, int folds, int epochs) => $$"""
    {
      "name": "{{name}}",
      "seed": {{settings.Seed}},
      "dataset": { "layout": "us8k", "location": "{{_dataset}}", "folds": [{{string.Join(", ", Enumerable.Range(1, folds))}}] },
      "protocol": "scratch",
      "model": { "architecture": "resnet18", "width": 4 },
      "training": { "epochs": {{epochs}}, "batchSize": 8, "learningRate": 0.05 },
      "features": { "sampleRate": 8000, "nMels": 32, "nFft": 256, "hopLength": 128, "clipSeconds": 1.0 }
    }
    """;

    /// <summary>
    /// The same fold jobs without Orleans in this process, on <paramref name="threads"/> threads (as many as the grid has
    /// slots; fold f on thread (f − 1) mod threads, each thread's folds one after another, 1 intra-op thread each, as a
    /// slot has): seconds until the last finished.
    /// </summary>
    private double PlainLoopSeconds(string cacheDirectory, int threads)
    {
        var errors = new System.Collections.Concurrent.ConcurrentQueue<Exception>();
        var watch = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, threads).Select(thread => new Thread(() =>
        {
            try
            {
                for (var fold = thread + 1; fold <= Jobs; fold += threads)
                    FoldJob.Run(PlainLoopRequest(fold, cacheDirectory), null, new DiscardingObserver(), CancellationToken.None);
            }
            catch (Exception error)
            {
                errors.Enqueue(error);
            }
        })).ToArray();
        foreach (var worker in workers) worker.Start();
        foreach (var worker in workers) worker.Join();
        if (!errors.IsEmpty) throw new AggregateException(errors);
        return watch.Elapsed.TotalSeconds;
    }

    private FoldJobRequest PlainLoopRequest(int fold, string cacheDirectory) => new()
    {
        DatasetRoot = _dataset,
        Layout = "us8k",
        Fold = fold,
        Protocol = Protocol.Scratch,
        Model = new ModelOptions { Architecture = "resnet18", Width = 4 },
        Training = new TrainingOptions { Epochs = Epochs, BatchSize = 8, LearningRate = 0.05 },
        Features = new() { SampleRate = 8000, NMels = 32, NFft = 256, HopLength = 128, ClipSeconds = 1.0 },
        Seed = Seeds.Derive(settings.Seed, "fold", fold),
        CacheDirectory = cacheDirectory,
    };

    /// <summary>
    /// One cluster, the same sweep launched <see cref="WarmSweeps"/> + 1 times: the first after the silos started (JIT and
    /// first activations, as a fresh process's first sweep), then warm, as every later sweep of a running grid is, each
    /// warm sweep right after the same jobs on as many threads without Orleans (the plain loop), so that each ratio is
    /// taken side by side on the machine of that moment. The goals are stated for the median of the warm sweeps; the
    /// first is shown beside it.
    /// </summary>
    private async Task<IEnumerable<BenchRow>> OverheadAsync(string connectionString, string root, string cache, int siloCount, int slotsPerSilo)
    {
        var slots = siloCount * slotsPerSilo;
        var timeline = new JobTimeline();
        await using var cluster = await BenchCluster.StartAsync(connectionString, root, $"ovh{siloCount}x{slotsPerSilo}", siloCount, slotsPerSilo, timeline);
        var what = $"{Jobs} fold jobs ({Epochs} epochs, resnet18 width 4) on {slots} slot(s), {siloCount} silo(s)";
        var cold = await SweepAsync(cluster, timeline, slots, $"bench-{siloCount}x{slotsPerSilo}-first", $"grid {siloCount}x{slotsPerSilo}, first sweep");
        var pairs = new List<(SweepFigures Sweep, double PlainLoop)>();
        for (var sweep = 1; sweep <= WarmSweeps; sweep++)
        {
            var plainLoop = PlainLoopSeconds(cache, slots);
            var warm = await SweepAsync(cluster, timeline, slots, $"bench-{siloCount}x{slotsPerSilo}-{sweep}", $"grid {siloCount}x{slotsPerSilo}, warm sweep {sweep} (plain loop just before: {plainLoop:0.00} s)");
            pairs.Add((warm, plainLoop));
        }
        var overIdeal = MedianPair(pairs, p => p.Sweep.Makespan / p.Sweep.Ideal);
        var overPlainLoop = MedianPair(pairs, p => p.Sweep.Makespan / p.PlainLoop);
        var latencies = pairs.SelectMany(p => p.Sweep.LatenciesMs).ToArray();
        var medianLatency = Medians.Of(latencies);
        string Ratios(Func<(SweepFigures Sweep, double PlainLoop), double> ratio) =>
            $"median of {WarmSweeps} warm sweeps: {string.Join(", ", pairs.Select(p => ratio(p).ToString("0.00", CultureInfo.InvariantCulture)))}";
        return
        [
            BenchRow.AtMost($"Grid makespan vs ideal: {what}, warm sweeps on the cluster ({Ratios(p => p.Sweep.Makespan / p.Sweep.Ideal)})", "ideal makespan = sum of job times / slots",
                Seconds(overIdeal.Sweep.Makespan), Seconds(overIdeal.Sweep.Ideal), overIdeal.Sweep.Makespan / overIdeal.Sweep.Ideal, 1.05, Command),
            BenchRow.AtMost($"Grid makespan vs the same jobs without Orleans on {slots} thread(s) in one process, one after another on each (a plain loop, run just before each sweep): {what}, warm sweeps on the cluster ({Ratios(p => p.Sweep.Makespan / p.PlainLoop)})", "plain loop, warm",
                Seconds(overPlainLoop.Sweep.Makespan), Seconds(overPlainLoop.PlainLoop), overPlainLoop.Sweep.Makespan / overPlainLoop.PlainLoop, PlainLoopGoal, Command),
            BenchRow.Informative($"Grid makespan vs ideal, the first sweep after the silos started (JIT, first grain activations; launch call {cold.LaunchMs:0} ms, {Medians.Of(pairs.Select(p => p.Sweep.LaunchMs).ToArray()):0} ms for the warm ones): {what}",
                "ideal makespan = sum of job times / slots", Seconds(cold.Makespan), Seconds(cold.Ideal), cold.Makespan / cold.Ideal, Command),
            BenchRow.AtMost($"Scheduling latency per job, queued or slot free → running (median; max {latencies.Max():0} ms): {what}, warm sweeps", "50 ms",
                $"{medianLatency:0} ms", "50 ms", medianLatency / 50, 1.0, Command, strict: true),
        ];
    }

    /// <summary>The pair whose <paramref name="ratio"/> is the median (an odd count of pairs).</summary>
    private static (SweepFigures Sweep, double PlainLoop) MedianPair(IReadOnlyList<(SweepFigures Sweep, double PlainLoop)> pairs,
        Func<(SweepFigures Sweep, double PlainLoop), double> ratio) => pairs.OrderBy(ratio).ElementAt(pairs.Count / 2);

    private sealed record SweepFigures(double Makespan, double Ideal, double[] LatenciesMs, double LaunchMs);

    /// <summary>Launches the sweep, waits for it, and measures it from the runners' log lines of its own jobs.</summary>
    private async Task<SweepFigures> SweepAsync(BenchCluster cluster, JobTimeline timeline, int slots, string experimentId, string label)
    {
        var experiment = cluster.Client.GetGrain<IExperimentGrain>(experimentId);
        var launched = timeline.Now;
        await experiment.LaunchAsync(Spec("bench", Jobs, Epochs));
        var queuedAt = timeline.Now;
        await WaitAsync(async () => (await experiment.GetSnapshotAsync()).State != ExperimentState.Running, "the experiment finishes");
        var snapshot = await experiment.GetSnapshotAsync();
        if (snapshot.State != ExperimentState.Succeeded) throw new InvalidOperationException($"the benchmark experiment ended {snapshot.State}");

        // An experiment succeeds when any fold did; a failed fold (for example by the open non-finite loss fault) is named.
        if (snapshot.Trials.SelectMany(t => t.Folds).FirstOrDefault(f => f.State != FoldState.Succeeded) is { } failed)
            throw new InvalidOperationException($"benchmark fold {failed.Key} ended {failed.State}: {failed.Error}");
        bool Ours(JobTimeline.JobSpan job) => GrainKeys.ParseJobId(job.JobId).GrainKey.StartsWith(experimentId + "/", StringComparison.Ordinal);
        var jobs = timeline.Jobs.Where(Ours).ToArray();
        if (jobs.Length != Jobs || jobs.Any(j => j.Finished is null))
            throw new InvalidOperationException($"saw {jobs.Count(j => j.Finished is not null)} finished of {Jobs} jobs in the silo logs");
        var makespan = jobs.Max(j => j.Finished!.Value) - launched;
        var ideal = jobs.Sum(j => j.Finished!.Value - j.Running) / slots;
        Console.Error.WriteLine(FormattableString.Invariant(
            $"bench: {label}: launch call {(queuedAt - launched) * 1000:0} ms, first job running {(jobs.Min(j => j.Running) - launched) * 1000:0} ms after the launch began, makespan {makespan:0.00} s, ideal {ideal:0.00} s"));
        foreach (var job in jobs)
            Console.Error.WriteLine($"bench: {label}: {job.JobId} {job.Phases}");
        var latencies = timeline.SchedulingLatencies(queuedAt, Ours).Select(s => s * 1000).ToArray();
        return new SweepFigures(makespan, ideal, latencies, (queuedAt - launched) * 1000);
    }

    private async Task<BenchRow> RecoveryAsync(string connectionString, string root)
    {
        var timeline = new JobTimeline();
        await using var cluster = await BenchCluster.StartAsync(connectionString, root, "recovery", 2, 1, timeline);
        var experiment = cluster.Client.GetGrain<IExperimentGrain>("bench-recovery");
        // Epochs enough that the fold still runs, whatever this machine's speed, when it is killed after its first
        // checkpoint; it is cancelled once it runs again.
        await experiment.LaunchAsync(Spec("recovery", 1, RecoveryEpochs));
        await WaitAsync(() => Task.FromResult(timeline.Jobs.Count == 1), "the fold runs");
        var job = timeline.Jobs[0];
        await WaitAsync(async () => (await experiment.GetSnapshotAsync()).Trials.Any(t => t.Folds.Any(f => f.EpochAccuracies.Count >= 1)),
            "the fold's first checkpoint");
        var killedAt = timeline.Now;
        cluster.Kill(job.Silo);
        await WaitAsync(() => Task.FromResult(timeline.Job(job.JobId) is { } again && again.Silo != job.Silo), "the fold runs on the survivor");
        var recovery = timeline.Job(job.JobId)!.Running - killedAt;
        await experiment.CancelAsync();
        var leaseSeconds = TimeSpan.Parse(BenchCluster.LeaseTimeout, CultureInfo.InvariantCulture).TotalSeconds;
        return BenchRow.AtMost($"Recovery: SIGKILL of the silo running a fold → that fold running on the other silo (docs/grid.md membership settings; lease timeout {leaseSeconds:0} s)",
            $"{RecoveryGoalSeconds:0} s", Seconds(recovery), Seconds(RecoveryGoalSeconds), recovery / RecoveryGoalSeconds, 1.0, Command);
    }

    /// <summary>The demo-shaped rows; should they fail, one row says so and the rows measured before stand.</summary>
    private async Task<IReadOnlyList<BenchRow>> DemoShapeRowsAsync(string connectionString, string root)
    {
        try
        {
            return await new DemoShapeBench(settings).RunAsync(connectionString, root);
        }
        catch (Exception error) when (error is InvalidOperationException or TimeoutException or Orleans.Runtime.OrleansException)
        {
            return [BenchRow.NotRun("Grid makespan vs ideal: demo-shaped sweep (pretraining gate + scratch folds) on 2 slots", "ideal makespan = sum of job times / slots",
                "≤ 1.05", $"not run: {error.GetType().Name}: {error.Message.Split('\n')[0]}", Command)];
        }
    }

    private static string Seconds(double seconds) => $"{seconds:0.00} s";

    private static async Task WaitAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + Limit;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"waited {Limit} for {what}");
            await Task.Delay(20);
        }
    }

    private sealed class DiscardingObserver : IFoldJobObserver
    {
        public void EpochCompleted(EpochMetrics metrics, Action<Stream> writeCheckpoint) { }
    }
}
