using Grid.Learning.Checkpoints;
using Grid.Learning.Models;
using Grid.Learning.Training;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace Grid.Tests.Models;

[Trait("Category", "Unit")]
public sealed class WeightsFileTests : IDisposable
{
    private static readonly ModelOptions Options = new() { Architecture = "resnet18", Width = 16 };
    private readonly TempDirectory temp = new();

    public void Dispose() => temp.Dispose();

    /// <summary>A width-16 resnet18 whose BatchNorm statistics have moved, so buffers matter too.</summary>
    private static Encoder TrainedEncoder(long seed)
    {
        var encoder = EncoderFactory.Create(Options, seed);
        encoder.train();
        using (var scope = NewDisposeScope()) encoder.forward(randn(4, 3, 32, 32, generator: new Generator(9)));
        encoder.eval();
        return encoder;
    }

    private static void AssertSameOutputs(Encoder expected, Encoder actual)
    {
        expected.eval();
        actual.eval();
        using var scope = NewDisposeScope();
        var input = randn(2, 3, 32, 48, generator: new Generator(10));
        Assert.True(expected.forward(input).equal(actual.forward(input)).all().item<bool>());
    }

    [Theory]
    [InlineData(WeightsFormat.PyTorch, "w.pt")]
    [InlineData(WeightsFormat.Safetensors, "w.safetensors")]
    [InlineData(WeightsFormat.TorchSharp, "w.dat")]
    public void EachFormatRoundTripsIntoAFreshEncoder(WeightsFormat format, string fileName)
    {
        using var source = TrainedEncoder(seed: 1);
        var path = temp.File(fileName);
        EncoderWeights.Export(source, path, format);
        using (var stream = File.OpenRead(path)) Assert.Equal(format, WeightsFormats.Detect(stream));

        using var loaded = EncoderFactory.Create(Options, seed: 2);
        var report = EncoderWeights.Load(loaded, path);

        Assert.Equal(source.state_dict().Count, report.Loaded);
        Assert.Empty(report.Missing);
        Assert.Empty(report.Unexpected);
        Assert.Empty(report.IgnoredClassifier);
        CheckpointArchiveTests.AssertSameState(source, loaded);
        AssertSameOutputs(source, loaded);
    }

    [Fact]
    public void TorchSharpFormatInteroperatesWithModuleSaveAndLoad()
    {
        using var source = TrainedEncoder(seed: 3);
        var saved = temp.File("module-save.dat");
        source.save(saved);
        using var viaFile = EncoderFactory.Create(Options, seed: 4);
        EncoderWeights.Load(viaFile, saved);
        AssertSameOutputs(source, viaFile);

        var written = temp.File("written.dat");
        EncoderWeights.Export(source, written, WeightsFormat.TorchSharp);
        using var viaModuleLoad = EncoderFactory.Create(Options, seed: 5);
        viaModuleLoad.load(written);
        AssertSameOutputs(source, viaModuleLoad);
    }

    [Fact]
    public void ACheckpointArchiveServesAsAWeightsFile()
    {
        using var source = TrainedEncoder(seed: 6);
        var path = temp.File("pretrain.ckpt");
        using (var stream = File.Create(path))
        using (var writer = new CheckpointWriter(stream))
            writer.PutEncoder(source);
        using var loaded = EncoderFactory.Create(Options, seed: 7);
        EncoderWeights.Load(loaded, path);
        AssertSameOutputs(source, loaded);
    }

    [Fact]
    public void ImageNetStyleFileWithPrefixAndClassifierLoadsAndReportsTheClassifier()
    {
        using var source = TrainedEncoder(seed: 8);
        using var scope = NewDisposeScope();
        var state = source.state_dict().ToDictionary(kv => "module." + kv.Key, kv => kv.Value);
        state["module.fc.weight"] = zeros(1000, source.EmbeddingDim);
        state["module.fc.bias"] = zeros(1000);
        state["module.extra_head.weight"] = zeros(3);
        var path = temp.File("imagenet.pt");
        WeightsFile.Write(path, state, WeightsFormat.PyTorch);

        using var loaded = EncoderFactory.Create(Options, seed: 9);
        var report = EncoderWeights.Load(loaded, path);

        Assert.Equal("module.", report.StrippedPrefix);
        Assert.Equal(["module.fc.bias", "module.fc.weight"], report.IgnoredClassifier);
        Assert.Equal(["module.extra_head.weight"], report.Unexpected);
        Assert.Contains(report.Describe(), line => line.Contains("classifier") && line.Contains("expected"));
        AssertSameOutputs(source, loaded);
    }

    [Fact]
    public void ShapeMismatchFailsNamingTheKey()
    {
        using var narrow = EncoderFactory.Create(Options with { Width = 8 });
        var path = temp.File("narrow.safetensors");
        EncoderWeights.Export(narrow, path, WeightsFormat.Safetensors);
        using var encoder = EncoderFactory.Create(Options);
        var error = Assert.Throws<InvalidDataException>(() => EncoderWeights.Load(encoder, path));
        Assert.Contains("narrow.safetensors", error.Message);
        Assert.Contains("conv1.weight", error.Message);
        Assert.Contains("[8×3×7×7]", error.Message);
    }

    [Fact]
    public void MissingKeysFailUnlessAllowedAndBatchCountersAreExcused()
    {
        using var source = TrainedEncoder(seed: 10);
        using var scope = NewDisposeScope();
        var state = source.state_dict()
            .Where(kv => !kv.Key.StartsWith("layer4.1.", StringComparison.Ordinal) && !kv.Key.EndsWith("num_batches_tracked", StringComparison.Ordinal))
            .ToDictionary(kv => kv.Key, kv => kv.Value);
        var path = temp.File("partial.pt");
        WeightsFile.Write(path, state, WeightsFormat.PyTorch);

        using var encoder = EncoderFactory.Create(Options);
        var error = Assert.Throws<InvalidDataException>(() => EncoderWeights.Load(encoder, path));
        Assert.Contains("layer4.1.conv1.weight", error.Message);
        Assert.DoesNotContain("num_batches_tracked", error.Message);

        var report = EncoderWeights.Load(encoder, path, allowMissing: true);
        Assert.Contains("layer4.1.bn2.running_var", report.Missing);
        Assert.Contains("bn1.num_batches_tracked", report.Missing);
    }

    [Fact]
    public void UnreadableOrForeignFilesFailNamingTheFile()
    {
        var garbage = temp.File("garbage.bin");
        File.WriteAllBytes(garbage, [200, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
        using var encoder = EncoderFactory.Create(Options);
        var unreadable = Assert.Throws<InvalidDataException>(() => EncoderWeights.Load(encoder, garbage));
        Assert.Contains("garbage.bin", unreadable.Message);

        var foreign = temp.File("foreign.safetensors");
        using (var scope = NewDisposeScope())
            WeightsFile.Write(foreign, new Dictionary<string, Tensor> { ["decoder.weight"] = zeros(2) }, WeightsFormat.Safetensors);
        var noMatch = Assert.Throws<InvalidDataException>(() => EncoderWeights.Load(encoder, foreign));
        Assert.Contains("foreign.safetensors: none of its 1 keys", noMatch.Message);

        Assert.Throws<FileNotFoundException>(() => EncoderWeights.Load(encoder, temp.File("absent.pt")));
    }
}
