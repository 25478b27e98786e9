using Grid.Learning.Checkpoints;
using Grid.Learning.Models;
using Grid.Learning.Training;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace Grid.Tests.Models;

[Trait("Category", "Unit")]
public sealed class CheckpointArchiveTests
{
    private sealed record RunState(int Epoch, double Loss, string[] Classes);

    private static readonly ModelOptions Small = new() { Architecture = "resnet18", Width = 8 };

    [Fact]
    public void EncoderJsonBytesAndStateDictsRoundTripThroughForwardOnlyStreams()
    {
        using var encoder = EncoderFactory.Create(Small, seed: 21);
        using var head = new LinearClassifier(encoder.EmbeddingDim, classes: 5, seed: 22);
        var state = new RunState(3, 0.25, ["dog", "siren"]);
        byte[] raw = [0, 1, 2, 254, 255];

        var buffer = new MemoryStream();
        using (var writer = new CheckpointWriter(new ForwardOnlyStream(buffer)))
        {
            writer.PutEncoder(encoder);
            writer.PutStateDict("head", head);
            writer.PutJson("state.json", state);
            writer.PutBytes("rng", raw);
        }

        buffer.Position = 0;
        using var reader = new CheckpointReader(new ForwardOnlyStream(buffer), "round-trip.ckpt");
        Assert.Equal(["model.json", "encoder", "head", "state.json", "rng"], reader.Names);
        Assert.Equal(Small, reader.GetModelOptions());
        var restoredState = reader.GetJson<RunState>("state.json");
        Assert.Equal((state.Epoch, state.Loss), (restoredState.Epoch, restoredState.Loss));
        Assert.Equal(state.Classes, restoredState.Classes);
        Assert.Equal(raw, reader.GetBytes("rng"));

        using var restored = reader.LoadEncoder();
        using var restoredHead = new LinearClassifier(encoder.EmbeddingDim, classes: 5, seed: 99);
        reader.LoadStateDict("head", restoredHead);
        AssertSameState(encoder, restored);
        AssertSameState(head, restoredHead);

        encoder.eval();
        restored.eval();
        using var scope = NewDisposeScope();
        var input = randn(2, 3, 24, 24, generator: new Generator(4));
        Assert.True(encoder.forward(input).equal(restored.forward(input)).all().item<bool>());
    }

    [Fact]
    public void BatchNormStatisticsAndCountersSurvive()
    {
        using var encoder = EncoderFactory.Create(Small, seed: 1);
        encoder.train();
        using (var scope = NewDisposeScope()) encoder.forward(randn(4, 3, 24, 24, generator: new Generator(2)));
        var buffer = new MemoryStream();
        using (var writer = new CheckpointWriter(buffer)) writer.PutEncoder(encoder);
        buffer.Position = 0;
        using var reader = new CheckpointReader(buffer);
        using var restored = reader.LoadEncoder();
        var tracked = restored.state_dict()["layer1.0.bn1.num_batches_tracked"];
        Assert.Equal(ScalarType.Int64, tracked.dtype);
        Assert.Equal(1L, tracked.item<long>());
        AssertSameState(encoder, restored);
    }

    [Fact]
    public void StateDictOfAnotherShapeFailsNamingTheKey()
    {
        var buffer = new MemoryStream();
        using (var small = EncoderFactory.Create(Small))
        using (var writer = new CheckpointWriter(buffer)) writer.PutEncoder(small);
        buffer.Position = 0;
        using var reader = new CheckpointReader(buffer, "small.ckpt");
        using var wider = EncoderFactory.Create(Small with { Width = 16 });
        var error = Assert.Throws<InvalidDataException>(() => reader.LoadStateDict(CheckpointEntries.Encoder, wider));
        Assert.Contains("small.ckpt", error.Message);
        Assert.Contains("conv1.weight: small.ckpt: entry 'encoder' has [8×3×7×7], the model expects [16×3×7×7]", error.Message);
    }

    [Fact]
    public void MissingKeysFailAStrictLoadListingThem()
    {
        var buffer = new MemoryStream();
        using (var head = new LinearClassifier(8, 3))
        using (var writer = new CheckpointWriter(buffer)) writer.PutStateDict("head", head);
        buffer.Position = 0;
        using var reader = new CheckpointReader(buffer, "head.ckpt");
        using var encoder = EncoderFactory.Create(Small);
        var error = Assert.Throws<InvalidDataException>(() => reader.LoadStateDict("head", encoder));
        Assert.Contains("missing keys", error.Message);
        Assert.Contains("conv1.weight", error.Message);
        Assert.Contains("unexpected keys (2): fc.bias, fc.weight", error.Message);
    }

    [Fact]
    public void MissingEntryCorruptArchiveAndDuplicateNamesAreClearErrors()
    {
        var buffer = new MemoryStream();
        using (var writer = new CheckpointWriter(buffer))
        {
            writer.PutBytes("a", [1]);
            Assert.Throws<ArgumentException>(() => writer.PutBytes("a", [2]));
        }
        buffer.Position = 0;
        using (var reader = new CheckpointReader(buffer, "one.ckpt"))
        {
            var missing = Assert.Throws<KeyNotFoundException>(() => reader.GetBytes(CheckpointEntries.Encoder));
            Assert.Contains("one.ckpt: no entry 'encoder'", missing.Message);
            var notJson = Assert.Throws<InvalidDataException>(() => reader.GetJson<ModelOptions>("a"));
            Assert.Contains("entry 'a'", notJson.Message);
            var notTensors = Assert.Throws<InvalidDataException>(() => reader.GetStateDict("a"));
            Assert.Contains("one.ckpt: entry 'a'", notTensors.Message);
        }
        var corrupt = Assert.Throws<InvalidDataException>(() => new CheckpointReader(new MemoryStream(new byte[64]), "garbage.ckpt"));
        Assert.Contains("garbage.ckpt", corrupt.Message);
    }

    internal static void AssertSameState(nn.Module expected, nn.Module actual)
    {
        var a = expected.state_dict();
        var b = actual.state_dict();
        Assert.Equal(a.Keys.Order(), b.Keys.Order());
        foreach (var (name, tensor) in a)
            Assert.True(tensor.shape.SequenceEqual(b[name].shape) && tensor.eq(b[name]).all().item<bool>(), $"{name} differs");
    }
}
