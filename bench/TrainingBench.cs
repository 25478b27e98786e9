using System.Globalization;
using Grid.Learning.Models;
using Grid.Learning.Runtime;
using Grid.Learning.Training;
using static TorchSharp.torch;

namespace Grid.Bench;

/// <summary>
/// Row 2: the grid's ResNet encoder (torchvision layout, width 64) + linear head against torchvision's ResNet
/// with a 10-class fc on the same input shape, batch and thread count: training samples/s (forward, backward,
/// SGD step with momentum and weight decay) and inference samples/s (pooled embeddings, eval mode, no grad).
/// </summary>
public sealed class TrainingBench(BenchSettings settings)
{
    private const string Command = "./grid bench (training; bench/training_reference.py)";
    // 4 s at 16 kHz with hop 512: 126 frames of 64 mels, the input the default FeatureOptions produce.
    private const int Mels = 64;
    private const int Frames = 126;
    private const int Classes = 10;

    public IReadOnlyList<BenchRow> Run()
    {
        PythonReference.Ensure("torchvision", "python3-torchvision");
        string[] architectures = settings.ResNet50 ? ["resnet18", "resnet50"] : ["resnet18"];
        return architectures.SelectMany(Compare).ToArray();
    }

    // Ours and PyTorch alternate for several rounds so that load from other processes falls on both sides alike;
    // each side's figure is the median of its rounds' medians.
    private IEnumerable<BenchRow> Compare(string architecture)
    {
        set_num_threads(settings.Threads);
        var ours = new List<(double Train, double Inference)>();
        var theirs = new List<(double Train, double Inference)>();
        var reference = default(System.Text.Json.JsonElement);
        for (var round = 0; round < settings.Rounds; round++)
        {
            ours.Add(Measure(architecture));
            reference = PythonReference.Run(settings.BenchDirectory, "training_reference.py",
                new object[] { architecture, settings.BatchSize, Mels, Frames, settings.Threads, settings.Warmups, settings.Runs }
                    .Select(a => Convert.ToString(a, CultureInfo.InvariantCulture)!));
            theirs.Add((reference.GetProperty("train_samples_per_second").GetDouble(), reference.GetProperty("inference_samples_per_second").GetDouble()));
        }
        var (oursTrain, oursInfer) = (Medians.Of(ours.Select(o => o.Train).ToArray()), Medians.Of(ours.Select(o => o.Inference).ToArray()));
        var (theirTrain, theirInfer) = (Medians.Of(theirs.Select(t => t.Train).ToArray()), Medians.Of(theirs.Select(t => t.Inference).ToArray()));
        var version = $"PyTorch {reference.GetProperty("torch").GetString()} (torchvision {architecture})";
        var shape = $"{architecture}, batch {settings.BatchSize}×3×{Mels}×{Frames}, {settings.Threads} thread(s), {settings.Rounds} alternating rounds";
        yield return BenchRow.AtLeast($"Training step samples/s ({shape})", version,
            $"{oursTrain:0.00} samples/s", $"{theirTrain:0.00} samples/s", oursTrain / theirTrain, 0.95, Command);
        yield return BenchRow.AtLeast($"Inference (embedding) samples/s ({shape})", version,
            $"{oursInfer:0.00} samples/s", $"{theirInfer:0.00} samples/s", oursInfer / theirInfer, 0.95, Command);
    }

    private (double Train, double Inference) Measure(string architecture)
    {
        var seed = Seeds.Derive(settings.Seed, "bench-training");
        using var encoder = EncoderFactory.Create(new ModelOptions { Architecture = architecture, Width = 64 }, seed);
        using var head = new LinearClassifier(encoder.EmbeddingDim, Classes, seed);
        using var generator = new Generator((ulong)seed);
        using var inputs = randn([settings.BatchSize, 3, Mels, Frames], generator: generator);              // N×3×mels×frames
        using var labels = randint(0, Classes, [settings.BatchSize], generator: generator, dtype: ScalarType.Int64); // N
        using var optimizer = optim.SGD(encoder.parameters().Concat(head.parameters()), 0.01, momentum: 0.9, weight_decay: 1e-4);

        encoder.train();
        head.train();
        var train = Medians.Seconds(() =>
        {
            using var scope = NewDisposeScope();
            optimizer.zero_grad();
            nn.functional.cross_entropy(head.forward(encoder.forward(inputs)), labels).backward(); // logits: N×C
            optimizer.step();
        }, settings.Warmups, settings.Runs);

        encoder.eval();
        var inference = Medians.Seconds(() =>
        {
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            encoder.forward(inputs); // embeddings: N×D
        }, settings.Warmups, settings.Runs);
        return (settings.BatchSize / train, settings.BatchSize / inference);
    }
}
