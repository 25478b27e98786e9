using System.Diagnostics;
using Grid.Bench;

// ./grid bench [--quick] [--only WORD] [--out FILE]: runs every benchmark row (or the sections whose name
// contains WORD) and writes docs/BENCHMARKS.md.
var root = FindRepositoryRoot();
var quick = args.Contains("--quick");
var outIndex = Array.IndexOf(args, "--out");
var output = outIndex >= 0 && outIndex + 1 < args.Length ? Path.GetFullPath(args[outIndex + 1]) : Path.Combine(root, "docs", "BENCHMARKS.md");
var onlyIndex = Array.IndexOf(args, "--only");
var only = onlyIndex >= 0 && onlyIndex + 1 < args.Length ? args[onlyIndex + 1] : null;
var settings = new BenchSettings
{
    BenchDirectory = Path.Combine(root, "bench"),
    RepositoryRoot = root,
    Runs = quick ? 3 : 5,
    ResNet50 = !quick,
    MemoryEpochs = quick ? 4 : 30,
};

var machine = MachineInfo.Current();
var started = DateTime.UtcNow;
var watch = Stopwatch.StartNew();
var rows = new List<BenchRow>();
Section("front end vs torchaudio", () => new FrontEndBench(settings).Run(),
    [("Log-mel front end, clips/s", "torchaudio", "≥ 1"), ("Mel values, largest relative difference", "torchaudio, float64", "≤ 0.0001")]);
Section("training and inference vs PyTorch", () => new TrainingBench(settings).Run(),
    [("Training step samples/s", "PyTorch", "≥ 0.95"), ("Inference samples/s", "PyTorch", "≥ 0.95")]);
Section("data pipeline share", () => new PipelineShareBench(settings).Run(),
    [("Data share of one epoch, warm waveform cache", "the epoch's total time", "< 0.1")]);
Section("memory over a fold job", () => new MemoryBench(settings).Run(),
    [("Resident memory growth after epoch 2", "resident memory after epoch 2", "< 1.05")]);
Section("grid overhead and recovery", () => new GridBench(settings).Run(),
    [("Grid makespan vs ideal", "ideal makespan = sum of job times / slots", "≤ 1.05"),
     ("Scheduling latency per job", "50 ms", "< 1"),
     ("Recovery: SIGKILL of the silo running a fold → that fold running on the other silo", "lease timeout", "—")]);

Directory.CreateDirectory(Path.GetDirectoryName(output)!);
File.WriteAllText(output, BenchmarkTable.Render(rows, machine, started, watch.Elapsed));
Console.WriteLine($"bench: wrote {output} ({rows.Count} rows) in {watch.Elapsed.TotalMinutes:0.0} min");
return rows.Any(r => r.Verdict == Verdict.NotRun) ? 2 : 0;

// A section that throws still leaves rows: its goals, marked not run with the error, so the table stays complete.
void Section(string name, Func<IReadOnlyList<BenchRow>> measure, (string Measured, string Reference, string Goal)[] placeholders)
{
    if (only is not null && !name.Contains(only, StringComparison.OrdinalIgnoreCase)) return;
    Console.Error.WriteLine($"bench: {name}…");
    var sectionWatch = Stopwatch.StartNew();
    try
    {
        var measured = measure();
        rows.AddRange(measured);
        foreach (var row in measured) Console.Error.WriteLine($"  {row.Measured}: {row.Ours} vs {row.Theirs} ({row.Verdict})");
    }
    catch (Exception error)
    {
        Console.Error.WriteLine($"bench: {name} failed: {error}");
        rows.AddRange(placeholders.Select(p => BenchRow.NotRun(p.Measured, p.Reference, p.Goal, $"not run: {error.GetType().Name}: {error.Message}", $"./grid bench ({name})")));
    }
    Console.Error.WriteLine($"bench: {name} took {sectionWatch.Elapsed.TotalSeconds:0} s");
}

static string FindRepositoryRoot()
{
    for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        if (File.Exists(Path.Combine(directory.FullName, "Grid.sln"))) return directory.FullName;
    throw new InvalidOperationException($"no Grid.sln above {AppContext.BaseDirectory}");
}
