using System.CommandLine;
using Grid.Learning.Checkpoints;
using Grid.Learning.IO;
using Grid.Learning.Models;
using static TorchSharp.torch;

namespace Grid.Client;

/// <summary><c>grid export</c> and <c>grid embed</c>: take the encoder out of a checkpoint.</summary>
public static class ModelCommands
{
    /// <summary>Both commands, added at the top level (<c>grid export</c>, <c>grid embed</c>).</summary>
    public static IReadOnlyList<Command> Create() => [ExportCommand(), EmbedCommand()];

    private static Command ExportCommand()
    {
        var checkpoint = new Argument<FileInfo>("checkpoint") { Description = "A pretraining or fold-job checkpoint" };
        var to = new Option<string>("--to")
        {
            Description = "pytorch (.pt, torch.load), safetensors or torchsharp",
            DefaultValueFactory = _ => "pytorch",
        };
        var output = new Option<FileInfo>("--out") { Description = "File to write", Required = true };
        var command = new Command("export", "Write a checkpoint's encoder state dict under torchvision's ResNet names");
        command.Arguments.Add(checkpoint);
        command.Options.Add(to);
        command.Options.Add(output);
        command.SetAction(parse => Guarded(() =>
        {
            var format = WeightsFormats.Parse(parse.GetValue(to)!, "--to");
            var path = parse.GetValue(output)!.FullName;
            using var encoder = LoadEncoder(parse.GetValue(checkpoint)!);
            EncoderWeights.Export(encoder, path, format);
            Console.WriteLine($"wrote {path}: {encoder.Architecture.Name} width {encoder.Width}, {encoder.state_dict().Count} tensors, {format}");
        }));
        return command;
    }

    private static Command EmbedCommand()
    {
        var checkpoint = new Argument<FileInfo>("checkpoint") { Description = "A pretraining or fold-job checkpoint" };
        var input = new Option<FileInfo>("--input") { Description = "float32 .npy of shape N×3×mels×frames", Required = true };
        var output = new Option<FileInfo>("--out") { Description = "float32 .npy of embeddings, N×D", Required = true };
        var batchSize = new Option<int>("--batch-size") { Description = "Inputs per forward pass", DefaultValueFactory = _ => 64 };
        var command = new Command("embed", "Embed a batch of spectrograms with a checkpoint's encoder");
        command.Arguments.Add(checkpoint);
        command.Options.Add(input);
        command.Options.Add(output);
        command.Options.Add(batchSize);
        command.SetAction(parse => Guarded(() =>
        {
            if (parse.GetValue(batchSize) is < 1 or > 65_536)
                throw new BadOptionException($"--batch-size: must be in [1, 65536] (got {parse.GetValue(batchSize)})");
            var inputPath = parse.GetValue(input)!.FullName;
            var outputPath = parse.GetValue(output)!.FullName;
            var array = Npy.Read(inputPath);
            if (array.Shape.Length != 4 || array.Shape[1] != 3)
                throw new InvalidDataException($"{inputPath}: expected shape N×3×mels×frames, got ({string.Join(", ", array.Shape)})");
            using var encoder = LoadEncoder(parse.GetValue(checkpoint)!);
            using var scope = NewDisposeScope();
            var embeddings = EncoderInference.Embed(encoder, tensor(array.Data, array.Shape), parse.GetValue(batchSize)); // N×D
            Npy.Write(outputPath, embeddings.data<float>().ToArray(), embeddings.shape);
            Console.WriteLine($"wrote {outputPath}: {embeddings.shape[0]}×{embeddings.shape[1]} embeddings");
        }));
        return command;
    }

    private static Encoder LoadEncoder(FileInfo checkpoint)
    {
        if (!checkpoint.Exists) throw new FileNotFoundException($"checkpoint not found: {checkpoint.FullName}", checkpoint.FullName);
        using var stream = checkpoint.OpenRead();
        using var reader = new CheckpointReader(stream, checkpoint.FullName);
        return reader.LoadEncoder();
    }

    /// <summary>Runs a command body; expected failures (bad files, bad options) print one line and exit 1.</summary>
    private static int Guarded(Action body)
    {
        try
        {
            body();
            return 0;
        }
        catch (Exception error) when (error is IOException or InvalidDataException or ArgumentException or KeyNotFoundException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"error: {error.Message}");
            return 1;
        }
    }
}
