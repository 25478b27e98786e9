using System.CommandLine;
using Grid.Client;
using Grid.Learning.Checkpoints;
using Grid.Learning.IO;
using Grid.Learning.Models;
using Grid.Learning.Training;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace Grid.Tests.Models;

[Trait("Category", "Unit")]
public sealed class ModelCommandsTests : IDisposable
{
    private static readonly ModelOptions Options = new() { Architecture = "resnet18", Width = 8 };
    private readonly TempDirectory temp = new();

    public void Dispose() => temp.Dispose();

    private static int Grid(params string[] args)
    {
        var root = new RootCommand();
        foreach (var command in ModelCommands.Create()) root.Subcommands.Add(command);
        return root.Parse(args).Invoke();
    }

    /// <summary>A fold-job-like checkpoint: the shared encoder entries plus entries of its own.</summary>
    private string WriteCheckpoint(Encoder encoder)
    {
        var path = temp.File("fold.ckpt");
        using var stream = File.Create(path);
        using var writer = new CheckpointWriter(stream);
        writer.PutJson("job.json", new { epoch = 3 });
        writer.PutEncoder(encoder);
        return path;
    }

    [Theory]
    [InlineData("pytorch", WeightsFormat.PyTorch)]
    [InlineData("safetensors", WeightsFormat.Safetensors)]
    [InlineData("torchsharp", WeightsFormat.TorchSharp)]
    public void ExportWritesTheEncoderUnderTorchvisionNames(string to, WeightsFormat format)
    {
        using var encoder = EncoderFactory.Create(Options, seed: 31);
        var checkpoint = WriteCheckpoint(encoder);
        var output = temp.File("encoder.out");

        Assert.Equal(0, Grid("export", checkpoint, "--to", to, "--out", output));

        using (var stream = File.OpenRead(output)) Assert.Equal(format, WeightsFormats.Detect(stream));
        using var scope = NewDisposeScope();
        var state = WeightsFile.Read(output);
        Assert.Equal(encoder.state_dict().Keys.Order(), state.Keys.Order());
        Assert.Contains("layer2.0.downsample.1.running_mean", state.Keys);
        using var reloaded = EncoderFactory.Create(Options, seed: 32);
        EncoderWeights.Load(reloaded, output);
        CheckpointArchiveTests.AssertSameState(encoder, reloaded);
    }

    [Fact]
    public void EmbedWritesNByDEmbeddingsEqualToTheEncodersOutput()
    {
        using var encoder = EncoderFactory.Create(Options, seed: 33);
        var checkpoint = WriteCheckpoint(encoder);
        using var scope = NewDisposeScope();
        var input = randn(5, 3, 16, 24, generator: new Generator(34));
        var inputPath = temp.File("x.npy");
        Npy.Write(inputPath, input.data<float>().ToArray(), input.shape);
        var outputPath = temp.File("e.npy");

        Assert.Equal(0, Grid("embed", checkpoint, "--input", inputPath, "--out", outputPath, "--batch-size", "2"));

        var embeddings = Npy.Read(outputPath);
        Assert.Equal(new long[] { 5, encoder.EmbeddingDim }, embeddings.Shape);
        encoder.eval();
        var expected = encoder.forward(input).data<float>().ToArray();
        for (var i = 0; i < expected.Length; i++) Assert.Equal(expected[i], embeddings.Data[i], 1e-5f);
    }

    [Fact]
    public void BadInputsExitWithOneAndWriteNothing()
    {
        using var encoder = EncoderFactory.Create(Options, seed: 35);
        var checkpoint = WriteCheckpoint(encoder);
        var wrongShape = temp.File("mono.npy");
        Npy.Write(wrongShape, new float[2 * 16 * 16], 2, 1, 16, 16);
        var output = temp.File("never.npy");

        Assert.Equal(1, Grid("embed", checkpoint, "--input", wrongShape, "--out", output));
        Assert.Equal(1, Grid("embed", temp.File("absent.ckpt"), "--input", wrongShape, "--out", output));
        Assert.Equal(1, Grid("export", wrongShape, "--out", output));
        Assert.Equal(1, Grid("export", checkpoint, "--to", "onnx", "--out", output));
        Assert.Equal(1, Grid("export", checkpoint, "--out", temp.File("no-such-folder/encoder.pt")));
        Assert.False(File.Exists(output));
        Assert.Empty(Directory.GetFiles(temp.Path, "*.partial"));
    }
}
