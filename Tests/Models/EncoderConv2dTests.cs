using Grid.Learning.Models;
using Grid.Learning.Runtime;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace Grid.Tests.Models;

/// <summary>
/// The encoders' convolution pads channels to oneDNN's block itself (oneDNN's own padding made the backward pass
/// intermittently NaN on an AVX-512 machine; docs/performance.md, "NaN"); it must compute what Conv2d computes.
/// </summary>
[Trait("Category", "Unit")]
public sealed class EncoderConv2dTests
{
    [Theory]
    [InlineData(4, 4, 3, 1, 1)]     // both sides padded; oneDNN's own padding got this input gradient wrong under the AVX2 cap
    [InlineData(4, 8, 3, 2, 1)]
    [InlineData(8, 16, 1, 2, 0)]    // a projection shortcut
    [InlineData(3, 4, 7, 2, 3)]     // the stem: the 3-channel input is left as it is
    [InlineData(16, 16, 3, 1, 1)]   // nothing to pad
    [InlineData(1024, 2048, 1, 2, 0, 4, 8)]   // ResNet-50's last shortcuts at width 64: oneDNN's strided 1×1 backward
    [InlineData(512, 1024, 1, 2, 0, 8, 16)]   // divided by zero (SIGFPE) planning these
    [InlineData(8, 16, 1, 2, 0, 5, 9)]        // odd sizes: the subsample keeps ⌈H/2⌉ × ⌈W/2⌉, as the strided kernel does
    public void GivesTheOutputAndGradientsOfAFloat64Convolution(int inChannels, int outChannels, int kernel, int stride, int padding,
        int height = 12, int width = 20)
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(5);
        using var conv = new EncoderConv2d(inChannels, outChannels, kernel, stride, padding);
        WeightInit.KaimingNormalFanOut(conv.Weight, generator);
        var input = randn([6, inChannels, height, width], generator: generator).requires_grad_();
        // Float64 convolutions run ATen's own kernels (oneDNN has none): the reference.
        var reference = input.detach().to(ScalarType.Float64).requires_grad_();
        var referenceWeight = conv.Weight.detach().to(ScalarType.Float64).requires_grad_();

        var output = conv.call(input);
        var expected = nn.functional.conv2d(reference, referenceWeight, null, [stride, stride], [padding, padding]);
        Assert.Equal(expected.shape, output.shape);
        Assert.True(output.to(ScalarType.Float64).allclose(expected, rtol: 1e-4, atol: 1e-5));

        using var upstream = randn(expected.shape, generator: generator);
        (output * upstream).sum().backward();
        (expected * upstream.to(ScalarType.Float64)).sum().backward();
        Assert.Equal(conv.Weight.shape, conv.Weight.grad!.shape);
        Assert.True(conv.Weight.grad!.to(ScalarType.Float64).allclose(referenceWeight.grad!, rtol: 1e-4, atol: 1e-4));
        Assert.True(input.grad!.to(ScalarType.Float64).allclose(reference.grad!, rtol: 1e-4, atol: 1e-4));
    }

    [Fact]
    public void KeepsConv2dsParameterName()
    {
        using var conv = new EncoderConv2d(4, 8, 3);
        Assert.Equal(["weight"], conv.named_parameters().Select(p => p.name));
        Assert.Equal([8L, 4, 3, 3], conv.Weight.shape);
    }

    [Theory]
    [InlineData(null, 16)]
    [InlineData("", 16)]
    [InlineData("ALL", 16)]
    [InlineData("AVX512_CORE", 16)]
    [InlineData("AVX10_1_512", 16)]
    [InlineData("AVX2", 8)]
    [InlineData("avx2_vnni", 8)]
    [InlineData("AVX", 8)]
    [InlineData("SSE41", 8)]
    public void TheBlockFollowsOneDnnsIsaCap(string? maxCpuIsa, int block) => Assert.Equal(block, EncoderConv2d.BlockFor(maxCpuIsa));

    [Fact]
    public void TheBlockInForceIsTheOneOfTheCapInTheNativeEnvironment() =>
        Assert.Equal(EncoderConv2d.BlockFor(NativeEnvironment.Get("ONEDNN_MAX_CPU_ISA")), EncoderConv2d.OneDnnBlock);
}
