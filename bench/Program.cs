using System.Diagnostics;
using System.Text.Json;
using Grid.Bench;
using Grid.Tests.Infrastructure;

// ./grid bench [--quick] [--only WORD] [--out FILE] [--scale SxNxJ,…]: runs every benchmark section (or those whose name
// contains WORD), each in a child process of its own, and writes docs/BENCHMARKS.md. --scale replaces the scale
// section's shapes (S silo processes × N slots each, J one-second jobs; e.g. --scale 2x25x500 while iterating). A child
// process keeps one section's memory and native state out of the next one's figures, and a crash of one section out of
// the others' rows.
const string Usage = "usage: ./grid bench [--quick] [--only WORD] [--out FILE] [--scale SILOSxSLOTSxJOBS,…]";
if (args.Contains("--help") || args.Contains("-h"))
{
    Console.WriteLine(Usage);
    return 0;
}
if (!args.Contains("--section") && !args.Contains(DataScaleBench.ChildArgument) && UnknownOption(args) is { } unknown)
{
    Console.Error.WriteLine($"grid bench: unknown option '{unknown}' ({Usage})");
    return 2;
}
var root = RepositoryRoot.Path;
var quick = args.Contains("--quick");
// A ratio is +∞ when a pruned run's best trial differs: the row still has to cross from the section's process.
var RowJson = new JsonSerializerOptions { NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };
var settings = new BenchSettings
{
    BenchDirectory = Path.Combine(root, "bench"),
    Runs = quick ? 3 : 5,
    ResNet50 = !quick,
    MemoryEpochs = quick ? 4 : 30,
};
if (Option("--scale") is { } scaleShapes)
{
    try
    {
        settings = settings with { ScaleShapes = ScaleBench.Shape.ParseList(scaleShapes) };
    }
    catch (ArgumentException error)
    {
        Console.Error.WriteLine($"grid bench: {error.Message}");
        return 2;
    }
}
var sections = new BenchSection[]
{
    new("front end vs torchaudio", () => new FrontEndBench(settings).Run(),
        [("Log-mel front end, clips/s", "torchaudio", "≥ 1"), ("Mel values, largest relative difference", "torchaudio, float64", "≤ 0.0001")]),
    new("training and inference vs PyTorch", () => new TrainingBench(settings).Run(),
        [("Training step samples/s", "PyTorch", "≥ 0.95"), ("Inference samples/s", "PyTorch", "≥ 0.95")]),
    new("data pipeline", () => [.. new PipelineShareBench(settings).Run(), .. new StageTimesBench(settings).Run(), .. new DataScaleBench(settings).Run()],
        [("Data wait share of an epoch, warm waveform store, default batch workers", "the epoch's total time", "< 0.1"),
         ("First build of the waveform store, 1 and 2 workers", "clips/s", "—"),
         ("Private resident memory of MoCo pretraining, one epoch over 10 × N clips vs ten over N", "ten epochs over N clips", "≤ 1.1")]),
    new("memory over a fold job", () => new MemoryBench(settings).Run(),
        [("Resident memory growth after epoch 2", "resident memory after epoch 2", "< 1.05")]),
    new("grid overhead and recovery", () => new GridBench(settings).Run(),
        [("Grid makespan vs ideal", "ideal makespan = sum of job times / slots", "≤ 1.05"),
         ("Scheduling latency per job", "50 ms", "< 1"),
         ("Recovery: SIGKILL of the silo running a fold → that fold running on the other silo", "3 s", "≤ 1"),
         ("Grid makespan vs ideal: demo-shaped sweep (pretraining gate + scratch folds) on 2 slots", "ideal makespan = sum of job times / slots", "≤ 1.05")]),
    new("scale", () => new ScaleBench(settings).Run(),
        [("Makespan over ideal: 10,000 one-second simulated jobs on 1,000 slots", "ideal = jobs × 1 s ÷ slots", "< 1.05")]),
    new("early stopping", () => new StoppingBench(settings).Run(),
        [("Slot-seconds of a sweep pruned by paired over the full sweep", "the same sweep without stopping", "≤ 0.5"),
         ("Slot-seconds of a sweep pruned by asha over the full sweep", "the same sweep without stopping", "≤ 0.5")]),
};

var mocoIndex = Array.IndexOf(args, DataScaleBench.ChildArgument);
if (mocoIndex >= 0)
{
    // Child of the data pipeline section: MoCo epochs in a fresh process (DataScaleBench).
    new DataScaleBench(settings).MeasureMocoEpoch(args[mocoIndex + 1], args[mocoIndex + 2], args[mocoIndex + 3],
        int.Parse(args[mocoIndex + 4], System.Globalization.CultureInfo.InvariantCulture));
    return 0;
}

var sectionIndex = Array.IndexOf(args, "--section");
if (sectionIndex >= 0)
{
    // Child: one section, its rows as JSON to the given file.
    var section = sections.Single(s => s.Name == args[sectionIndex + 1]);
    File.WriteAllText(args[sectionIndex + 2], JsonSerializer.Serialize(section.Measure(), RowJson));
    return 0;
}

var output = Option("--out") is { } path ? Path.GetFullPath(path) : Path.Combine(root, "docs", "BENCHMARKS.md");
var only = Option("--only");
var machine = MachineInfo.Current();
var started = DateTime.UtcNow;
var watch = Stopwatch.StartNew();
var rows = new List<BenchRow>();
foreach (var section in sections.Where(s => only is null || s.Name.Contains(only, StringComparison.OrdinalIgnoreCase)))
    rows.AddRange(RunInChild(section));

Directory.CreateDirectory(Path.GetDirectoryName(output)!);
File.WriteAllText(output, BenchmarkTable.Render(rows, machine, started, watch.Elapsed));
Console.WriteLine($"bench: wrote {output} ({rows.Count} rows) in {watch.Elapsed.TotalMinutes:0.0} min");
return rows.Any(r => r.Verdict == Verdict.NotRun) ? 2 : 0;

// A section whose process fails still leaves rows: its goals, marked not run with the error, so the table stays complete.
IReadOnlyList<BenchRow> RunInChild(BenchSection section)
{
    Console.Error.WriteLine($"bench: {section.Name}…");
    var sectionWatch = Stopwatch.StartNew();
    var rowsFile = Path.GetTempFileName();
    try
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardError = true };
        foreach (var argument in args.Append("--section").Append(section.Name).Append(rowsFile)) start.ArgumentList.Add(argument);
        using var child = Process.Start(start) ?? throw new InvalidOperationException("the section's process did not start");
        var error = child.StandardError.ReadToEnd();
        child.WaitForExit();
        if (child.ExitCode != 0)
        {
            Console.Error.WriteLine(error);
            var reason = error.Split('\n').FirstOrDefault(l => l.Contains("Exception", StringComparison.Ordinal))?.Trim() ?? $"exit code {child.ExitCode}";
            return section.RowsWhenNotRun.Select(p => BenchRow.NotRun(p.Measured, p.Reference, p.Goal, $"not run: {reason}", $"./grid bench ({section.Name})")).ToArray();
        }
        // A section's own progress lines ("bench: …") pass through; native libraries' warnings do not.
        foreach (var line in error.Split('\n').Where(l => l.StartsWith("bench:", StringComparison.Ordinal))) Console.Error.WriteLine(line);
        var measured = JsonSerializer.Deserialize<BenchRow[]>(File.ReadAllText(rowsFile), RowJson) ?? [];
        foreach (var row in measured) Console.Error.WriteLine($"  {row.Measured}: {row.Ours} vs {row.Theirs} ({row.Verdict})");
        return measured;
    }
    finally
    {
        File.Delete(rowsFile);
        Console.Error.WriteLine($"bench: {section.Name} took {sectionWatch.Elapsed.TotalSeconds:0} s");
    }
}

static string? UnknownOption(string[] arguments)
{
    for (var i = 0; i < arguments.Length; i++)
    {
        if (arguments[i] is "--quick") continue;
        if (arguments[i] is "--only" or "--out" or "--scale" && i + 1 < arguments.Length) { i++; continue; }
        return arguments[i];
    }
    return null;
}

string? Option(string name)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
}

/// <summary>One part of the benchmark and the rows it stands for when it cannot run.</summary>
internal sealed record BenchSection(string Name, Func<IReadOnlyList<BenchRow>> Measure, (string Measured, string Reference, string Goal)[] RowsWhenNotRun);
