using System.CommandLine;
using System.Diagnostics;
using Grid.Learning.Data;
using Grid.Learning.Data.Synthetic;

namespace Grid.Client;

/// <summary><c>grid data synth|check|probe</c>: synthetic datasets, dataset validation, a difficulty probe.</summary>
public static class DataCommands
{
    public static Command Create()
    {
        var command = new Command("data", "Datasets: write synthetic ones, check real ones");
        command.Subcommands.Add(SynthCommand());
        command.Subcommands.Add(CheckCommand());
        command.Subcommands.Add(ProbeCommand());
        command.Subcommands.Add(DataUploadCommand.Create());
        command.Subcommands.Add(DataStoreCommand.Create());
        return command;
    }

    private static Command SynthCommand()
    {
        var layout = ChoiceOptions.Among("--layout", "Dataset layout", SyntheticDataset.Layouts, null);
        var outDir = new Option<string>("--out") { Description = "Folder to write the dataset into", Required = true };
        var clips = new Option<int>("--clips-per-class") { Description = "Clips per class (10 classes; dcase2013 at most 99)", DefaultValueFactory = _ => 20 };
        var seed = new Option<long>("--seed") { Description = "Seed; the same seed writes the same files", DefaultValueFactory = _ => 0 };
        var command = new Command("synth", "Write a synthetic dataset in a real layout");
        command.Options.Add(layout);
        command.Options.Add(outDir);
        command.Options.Add(clips);
        command.Options.Add(seed);
        command.SetAction(parse => Synth(parse.GetValue(layout)!, parse.GetValue(outDir)!, parse.GetValue(clips), parse.GetValue(seed), Console.Out, Console.Error));
        return command;
    }

    private static Command CheckCommand()
    {
        var dir = new Argument<string>("dir") { Description = "The dataset's root folder" };
        var (layout, skipBad, seed, esc10, dcaseSplit) = ReadOptions();
        var command = new Command("check", "Validate a dataset folder, decode every clip, print clips per fold and class and every problem");
        command.Arguments.Add(dir);
        foreach (var option in new Option[] { layout, skipBad, seed, esc10, dcaseSplit }) command.Options.Add(option);
        command.SetAction(parse => Check(parse.GetValue(dir)!, parse.GetValue(layout)!, new DatasetReadOptions
        {
            SkipBad = parse.GetValue(skipBad),
            Seed = parse.GetValue(seed),
            Esc10 = parse.GetValue(esc10),
            DcaseSplit = parse.GetValue(dcaseSplit),
        }, Console.Out, Console.Error));
        return command;
    }

    private static Command ProbeCommand()
    {
        var dir = new Argument<string>("dir") { Description = "The dataset's root folder" };
        var (layout, skipBad, seed, esc10, dcaseSplit) = ReadOptions();
        var command = new Command("probe", "Cross-validated nearest-class-mean accuracy on mean log band energies (a difficulty probe)");
        command.Arguments.Add(dir);
        foreach (var option in new Option[] { layout, skipBad, seed, esc10, dcaseSplit }) command.Options.Add(option);
        command.SetAction(parse =>
        {
            var options = new DatasetReadOptions
            {
                SkipBad = parse.GetValue(skipBad), Seed = parse.GetValue(seed),
                Esc10 = parse.GetValue(esc10), DcaseSplit = parse.GetValue(dcaseSplit),
            };
            var check = DatasetCheck.Run(parse.GetValue(layout)!, parse.GetValue(dir)!, options);
            if (!check.Usable) return Report(check, Console.Out, Console.Error);
            var accuracy = BandEnergyProbe.CrossValidatedAccuracy(check.Index!);
            Console.WriteLine($"band-energy nearest-class-mean accuracy: {accuracy:P1} over {check.Index!.Clips.Count} clips " +
                              $"(chance {1.0 / check.Index.ClassNames.Count:P1})");
            return 0;
        });
        return command;
    }

    private static (Option<string>, Option<bool>, Option<long>, Option<bool>, Option<Dcase2013Split>) ReadOptions() =>
    (
        ChoiceOptions.Among("--layout", "Dataset layout", DatasetLayouts.Names, null),
        new Option<bool>("--skip-bad") { Description = "Skip missing or corrupt audio with a warning instead of failing" },
        new Option<long>("--seed") { Description = "Seed of the GTZAN split and the DCASE five folds", DefaultValueFactory = _ => 0 },
        new Option<bool>("--esc10") { Description = "ESC-50: only the ESC-10 subset" },
        new Option<Dcase2013Split>("--dcase-split") { Description = "DCASE 2013: DevelopmentTest or FiveFold", DefaultValueFactory = _ => Dcase2013Split.DevelopmentTest }
    );

    /// <summary><c>data synth</c>: writes the dataset and reports its size and time. Exit code 0 on success.</summary>
    /// <param name="error">Where failures go as one line; null writes them to <paramref name="output"/>.</param>
    public static int Synth(string layout, string outDir, int clipsPerClass, long seed, TextWriter output, TextWriter? error = null)
    {
        error ??= output;
        if (!SyntheticDataset.Layouts.Contains(layout))
        {
            error.WriteLine($"error: --layout must be one of {string.Join(", ", SyntheticDataset.Layouts)}, not '{layout}'");
            return 2;
        }
        if (clipsPerClass < 1 || clipsPerClass > SyntheticDataset.MaxClipsPerClass(layout))
        {
            var most = SyntheticDataset.MaxClipsPerClass(layout);
            error.WriteLine(most == int.MaxValue
                ? "error: --clips-per-class must be at least 1"
                : $"error: --clips-per-class must be 1..{most} for {layout}");
            return 2;
        }
        var watch = Stopwatch.StartNew();
        int clips;
        try
        {
            clips = SyntheticDataset.Write(layout, outDir, clipsPerClass, seed);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"error: cannot write {outDir}: {e.Message}");
            return 1;
        }
        output.WriteLine($"wrote {clips} clips ({layout}, seed {seed}) to {outDir} in {watch.Elapsed.TotalSeconds:F1} s");
        return 0;
    }

    /// <summary><c>data check</c>: reads and decodes the dataset and prints the report. Exit code 0 only when usable.</summary>
    /// <param name="error">Where the one-line verdict of an unusable dataset goes; null writes nothing more.</param>
    public static int Check(string dir, string layout, DatasetReadOptions options, TextWriter output, TextWriter? error = null)
    {
        if (!DatasetLayouts.Names.Contains(layout))
        {
            output.WriteLine($"error: --layout must be one of {string.Join(", ", DatasetLayouts.Names)}, not '{layout}'");
            return 2;
        }
        try
        {
            return Report(DatasetCheck.Run(layout, dir, options), output, error);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            output.WriteLine($"error: cannot read {dir}: {e.Message}");
            error?.WriteLine($"grid data check: cannot read {dir}: {e.Message}");
            return 1;
        }
    }

    private static int Report(DatasetCheckResult check, TextWriter output, TextWriter? error)
    {
        output.WriteLine($"{check.Layout} at {check.Root}");
        if (check.FatalError is not null)
        {
            output.WriteLine($"error: {check.FatalError}");
            output.WriteLine("not usable");
            error?.WriteLine($"grid data check: not usable: {check.FatalError}");
            return 1;
        }
        var index = check.Index!;
        var subset = index.FoldsPresent is { } present ? $" (of {index.FoldNames.Count}: {string.Join(", ", present)})" : "";
        output.WriteLine($"{index.Clips.Count} clips, {index.ClassNames.Count} classes, {index.Folds.Count()} folds{subset}");
        var perFold = index.CountPerFold();
        output.WriteLine("clips per fold:");
        foreach (var fold in index.Folds) output.WriteLine($"  {fold,3} {index.FoldNames[fold - 1],-12} {perFold[fold - 1],7}");
        var perClass = index.CountPerClass();
        output.WriteLine("clips per class:");
        for (var label = 0; label < index.ClassNames.Count; label++) output.WriteLine($"  {label,3} {index.ClassNames[label],-30} {perClass[label],7}");
        output.WriteLine("formats:");
        foreach (var (format, count) in check.ClipsPerFormat) output.WriteLine($"  {format,-20} {count,7}");
        if (check.Durations is { } d)
            output.WriteLine($"durations: min {d.Min:F2} s, mean {d.Mean:F2} s, max {d.Max:F2} s, total {d.Total / 3600:F2} h");
        var problems = check.Problems.ToArray();
        output.WriteLine($"problems: {problems.Length}{(check.SkipBad ? " (skipped)" : "")}");
        foreach (var problem in problems) output.WriteLine($"  {problem}");
        foreach (var fold in check.EmptyFolds) output.WriteLine($"  fold {fold} has no clips");
        output.WriteLine(check.Usable ? "usable" : "not usable");
        if (!check.Usable)
        {
            var first = problems.Length > 0 ? problems[0].ToString() : $"fold {check.EmptyFolds.FirstOrDefault()} has no clips";
            error?.WriteLine($"grid data check: not usable: {problems.Length + check.EmptyFolds.Count()} problems, the first: {first}");
        }
        return check.Usable ? 0 : 1;
    }
}
