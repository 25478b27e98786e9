using Grid.Learning.Models;
using Grid.Learning.Training;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace Grid.Tests.Models;

[Trait("Category", "Unit")]
public sealed class EncoderTests
{
    [Theory]
    [InlineData("resnet18", 8, 64)]
    [InlineData("resnet34", 8, 64)]
    [InlineData("resnet50", 8, 256)]
    [InlineData("resnet18", 16, 128)]
    [InlineData("resnet50", 16, 512)]
    public void EmbedsABatchIntoNByD(string architecture, int width, int expectedDim)
    {
        using var encoder = EncoderFactory.Create(new ModelOptions { Architecture = architecture, Width = width }, seed: 1);
        encoder.eval();
        using var scope = NewDisposeScope();
        var input = randn(2, 3, 32, 40, generator: new Generator(7));
        var embeddings = encoder.forward(input);
        Assert.Equal(expectedDim, encoder.EmbeddingDim);
        Assert.Equal(new long[] { 2, expectedDim }, embeddings.shape);
        Assert.True(embeddings.isfinite().all().item<bool>());
    }

    [Fact]
    public void ResNet50AtWidth64Gives2048DimensionalEmbeddings()
    {
        using var encoder = EncoderFactory.Create(new ModelOptions { Architecture = "resnet50", Width = 64 });
        encoder.eval();
        using var scope = NewDisposeScope();
        var embeddings = encoder.forward(randn(1, 3, 32, 32, generator: new Generator(3)));
        Assert.Equal(new long[] { 1, 2048 }, embeddings.shape);
    }

    [Theory]
    [InlineData("resnet18", 11_176_512)]
    [InlineData("resnet50", 23_508_032)]
    public void ParameterCountEqualsTorchvisionWithoutFc(string architecture, long expected)
    {
        using var encoder = EncoderFactory.Create(new ModelOptions { Architecture = architecture, Width = 64 });
        var count = encoder.parameters().Sum(p => p.numel());
        Assert.Equal(expected, count);
        using var fixture = ModelFixtures.Load("torchvision_resnet_names.json");
        Assert.Equal(expected, fixture.RootElement.GetProperty("models").GetProperty(architecture).GetProperty("parameters").GetInt64());
    }

    [Theory]
    [InlineData("resnet18")]
    [InlineData("resnet34")]
    [InlineData("resnet50")]
    public void StateDictNamesAndShapesEqualTorchvision(string architecture)
    {
        using var fixture = ModelFixtures.Load("torchvision_resnet_names.json");
        var expected = fixture.RootElement.GetProperty("models").GetProperty(architecture).GetProperty("state_dict")
            .EnumerateObject()
            .ToDictionary(p => p.Name, p => string.Join("×", p.Value.EnumerateArray().Select(d => d.GetInt64())));
        using var encoder = EncoderFactory.Create(new ModelOptions { Architecture = architecture, Width = 64 });
        var actual = encoder.state_dict().ToDictionary(kv => kv.Key, kv => string.Join("×", kv.Value.shape));
        Assert.Equal(expected.Keys.Order(), actual.Keys.Order());
        foreach (var (name, shape) in expected) Assert.True(shape == actual[name], $"{name}: torchvision {shape}, ours {actual[name]}");
    }

    [Fact]
    public void SameSeedGivesSameWeightsAndAnotherSeedDifferentOnes()
    {
        var options = new ModelOptions { Architecture = "resnet18", Width = 8 };
        using var a = EncoderFactory.Create(options, seed: 11);
        using var b = EncoderFactory.Create(options, seed: 11);
        using var c = EncoderFactory.Create(options, seed: 12);
        var sa = a.state_dict();
        var sb = b.state_dict();
        var sc = c.state_dict();
        Assert.All(sa, kv => Assert.True(kv.Value.eq(sb[kv.Key]).all().item<bool>(), kv.Key));
        Assert.False(sa["layer2.1.conv2.weight"].eq(sc["layer2.1.conv2.weight"]).all().item<bool>());
    }

    [Fact]
    public void ConvolutionsFollowKaimingNormalFanOutAndNormsStartAsIdentity()
    {
        using var encoder = EncoderFactory.Create(new ModelOptions { Architecture = "resnet18", Width = 64 }, seed: 5);
        var state = encoder.state_dict();
        var weight = state["layer4.1.conv2.weight"]; // 512×512×3×3: fan_out = 512·9
        var expectedStd = Math.Sqrt(2.0 / (512 * 9));
        Assert.InRange(weight.std().item<float>(), expectedStd * 0.98, expectedStd * 1.02);
        Assert.InRange(weight.mean().item<float>(), -expectedStd * 0.01, expectedStd * 0.01);
        Assert.True(state["layer3.0.downsample.1.weight"].eq(1).all().item<bool>());
        Assert.True(state["bn1.bias"].eq(0).all().item<bool>());
    }

    [Theory]
    [InlineData("resnet18")]
    [InlineData("resnet50")]
    public void GradientsReachEveryParameterThroughTheDisposedIntermediates(string architecture)
    {
        using var encoder = EncoderFactory.Create(new ModelOptions { Architecture = architecture, Width = 8 }, seed: 4);
        encoder.train();
        using var scope = NewDisposeScope();
        var loss = encoder.forward(randn(2, 3, 32, 32, generator: new Generator(8))).pow(2).mean();
        loss.backward();
        foreach (var (name, parameter) in encoder.named_parameters())
        {
            Assert.True(parameter.grad is not null, $"{name} has no gradient");
            Assert.True(parameter.grad!.abs().sum().item<float>() > 0, $"{name} has a zero gradient");
        }
    }

    [Fact]
    public void UnknownArchitectureNamesTheField()
    {
        var error = Assert.Throws<ArgumentException>(() => EncoderFactory.Create(new ModelOptions { Architecture = "resnet101" }));
        Assert.Contains("ModelOptions.Architecture", error.Message);
        Assert.Contains("resnet101", error.Message);
    }

    [Fact]
    public void WrongInputShapeIsRejectedWithTheShape()
    {
        using var encoder = EncoderFactory.Create(new ModelOptions { Architecture = "resnet18", Width = 8 });
        using var input = zeros(2, 1, 16, 16);
        var error = Assert.Throws<ArgumentException>(() => encoder.forward(input));
        Assert.Contains("2×1×16×16", error.Message);
    }

    [Fact]
    public void LinearClassifierMapsEmbeddingsToLogits()
    {
        using var head = new LinearClassifier(embeddingDim: 64, classes: 10, seed: 2);
        using var scope = NewDisposeScope();
        var logits = head.forward(ones(4, 64));
        Assert.Equal(new long[] { 4, 10 }, logits.shape);
        var weight = head.state_dict()["fc.weight"];
        Assert.True(weight.abs().max().item<float>() <= 1.0 / 8.0);
        Assert.Equal(["fc.bias", "fc.weight"], head.state_dict().Keys.Order());
    }
}
