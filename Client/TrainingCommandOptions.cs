using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using Grid.Learning.Audio;
using Grid.Learning.Data;
using Grid.Learning.Models;
using Grid.Learning.Training;

namespace Grid.Client;

/// <summary>
/// The dataset, model, optimisation and feature options that <c>grid train</c> and <c>grid pretrain</c> share. The
/// optimisation defaults are the command's request record's (<paramref name="defaults"/>), never a second copy.
/// </summary>
internal sealed class SharedOptions(TrainingOptions defaults)
{
    private static readonly FeatureOptions FeatureDefaults = new();

    public Option<string> Data { get; } = new("--data") { Description = "Dataset folder in its published layout", Required = true };
    public Option<string> Layout { get; } = ChoiceOptions.Among("--layout", "Dataset layout", DatasetLayouts.Names, null);
    public Option<string> Architecture { get; } = ChoiceOptions.Among("--model", "Encoder", ResNetArchitecture.All.Select(a => a.Name).ToArray(), "resnet18");
    public Option<int> Width { get; } = new("--width") { Description = "Channels of the first ResNet stage (64 = torchvision)", DefaultValueFactory = _ => 16 };
    public Option<int> Epochs { get; } = new("--epochs") { Description = "Training epochs", DefaultValueFactory = _ => defaults.Epochs };
    public Option<int> BatchSize { get; } = new("--batch-size") { Description = "Clips per batch", DefaultValueFactory = _ => defaults.BatchSize };
    public Option<double> LearningRate { get; } = new("--lr") { Description = "Base learning rate", DefaultValueFactory = _ => defaults.LearningRate };
    public Option<string> Optimizer { get; } = ChoiceOptions.Of<OptimizerKind>("--optimizer", "Optimiser (sgd with momentum)", defaults.Optimizer);
    public Option<string> Schedule { get; } = ChoiceOptions.Of<ScheduleKind>("--schedule", "Learning-rate schedule", defaults.Schedule);
    public Option<int[]> Milestones { get; } = new("--milestones")
    {
        Description = "multistep: 0-based epochs from which the rate is multiplied by --step-gamma, e.g. 120,160",
        DefaultValueFactory = _ => [.. defaults.Milestones],
        CustomParser = ParseEpochs,
        AllowMultipleArgumentsPerToken = true,
    };
    public Option<double> StepGamma { get; } = new("--step-gamma") { Description = "step and multistep: the factor at each step", DefaultValueFactory = _ => defaults.StepGamma };
    public Option<int> Warmup { get; } = new("--warmup-epochs") { Description = "Linear warm-up epochs", DefaultValueFactory = _ => defaults.WarmupEpochs };
    public Option<double> WeightDecay { get; } = new("--weight-decay") { Description = "L2 weight decay", DefaultValueFactory = _ => defaults.WeightDecay };
    public Option<double> PitchShift { get; } = new("--pitch-shift") { Description = "Random pitch shift of up to this many semitones (0: off)", DefaultValueFactory = _ => defaults.PitchShiftSemitones };
    public Option<int> SampleRate { get; } = new("--sample-rate") { Description = "Feature sample rate (Hz)", DefaultValueFactory = _ => FeatureDefaults.SampleRate };
    public Option<int> Mels { get; } = new("--n-mels") { Description = "Mel bands", DefaultValueFactory = _ => FeatureDefaults.NMels };
    public Option<int> NFft { get; } = new("--n-fft") { Description = "FFT window (samples)", DefaultValueFactory = _ => FeatureDefaults.NFft };
    public Option<int> Hop { get; } = new("--hop") { Description = "Hop (samples)", DefaultValueFactory = _ => FeatureDefaults.HopLength };
    public Option<double> ClipSeconds { get; } = new("--clip-seconds") { Description = "Clips are cropped or padded to this length", DefaultValueFactory = _ => FeatureDefaults.ClipSeconds };
    public Option<long> Seed { get; } = new("--seed") { Description = "Experiment seed", DefaultValueFactory = _ => 0 };
    public Option<int> Threads { get; } = new("--threads") { Description = "Intra-op threads", DefaultValueFactory = _ => Math.Min(Environment.ProcessorCount, 1024) };
    public Option<int> DataWorkers { get; } = new("--data-workers") { Description = "Threads decoding clips the waveform store misses", DefaultValueFactory = _ => Math.Min(Environment.ProcessorCount, 1024) };
    public Option<int> BatchWorkers { get; } = new("--batch-workers") { Description = "Threads preparing training batches ahead of the model (0: on the training thread)", DefaultValueFactory = _ => TrainingBatches.DefaultWorkers };
    public Option<bool> SkipBad { get; } = new("--skip-bad") { Description = "Skip unreadable clips with a warning instead of failing" };
    public Option<string?> Cache { get; } = new("--cache") { Description = "Folder keeping the decoded, resampled waveform store between runs (default: a temporary one)" };

    public void AddTo(Command command)
    {
        Option[] all = [Data, Layout, Architecture, Width, Epochs, BatchSize, LearningRate, Optimizer, Schedule, Milestones, StepGamma, Warmup,
            WeightDecay, PitchShift, SampleRate, Mels, NFft, Hop, ClipSeconds, Seed, Threads, DataWorkers, BatchWorkers, SkipBad, Cache];
        foreach (var option in all) command.Options.Add(option);
    }

    public ModelOptions Model(ParseResult parse) => new() { Architecture = parse.GetValue(Architecture)!, Width = parse.GetValue(Width) };

    public TrainingOptions Training(ParseResult parse) => defaults with
    {
        Epochs = parse.GetValue(Epochs),
        BatchSize = parse.GetValue(BatchSize),
        LearningRate = parse.GetValue(LearningRate),
        Optimizer = ChoiceOptions.Value<OptimizerKind>(parse, Optimizer),
        Schedule = ChoiceOptions.Value<ScheduleKind>(parse, Schedule),
        Milestones = parse.GetValue(Milestones) ?? [],
        StepGamma = parse.GetValue(StepGamma),
        WarmupEpochs = parse.GetValue(Warmup),
        WeightDecay = parse.GetValue(WeightDecay),
        PitchShiftSemitones = parse.GetValue(PitchShift),
    };

    public FeatureOptions Features(ParseResult parse) => FeatureDefaults with
    {
        SampleRate = parse.GetValue(SampleRate),
        NMels = parse.GetValue(Mels),
        NFft = parse.GetValue(NFft),
        HopLength = parse.GetValue(Hop),
        ClipSeconds = parse.GetValue(ClipSeconds),
    };

    /// <summary>"120,160" or "120 160" as epochs; anything else is a parse error naming the option.</summary>
    private static int[] ParseEpochs(ArgumentResult result)
    {
        var epochs = new List<int>();
        foreach (var token in result.Tokens)
            foreach (var part in token.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (!int.TryParse(part, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var epoch))
                {
                    result.AddError($"--milestones: '{part}' is not an epoch number");
                    return [];
                }
                epochs.Add(epoch);
            }
        return [.. epochs];
    }
}
