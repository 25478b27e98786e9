using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Grid.Learning.Models;

/// <summary>
/// torchvision's Bottleneck (ResNet v1.5): 1×1 reduce, 3×3 with the stride, 1×1 expand ×4, plus the
/// residual connection. Field names match torchvision's so state dicts interchange.
/// </summary>
public sealed class Bottleneck : Module<Tensor, Tensor>
{
    // Held for the process: an implicit alpha of 1 could be finalised while libtorch reads it (docs/learning.md).
    private static readonly Scalar One = 1.ToScalar();

    public const int Expansion = ResNetArchitecture.BottleneckExpansion;

    private readonly EncoderConv2d conv1;
    private readonly Module<Tensor, Tensor> bn1;
    private readonly EncoderConv2d conv2;
    private readonly Module<Tensor, Tensor> bn2;
    private readonly EncoderConv2d conv3;
    private readonly Module<Tensor, Tensor> bn3;
    private readonly ReLU relu;
    private readonly Sequential? downsample;

    /// <param name="inChannels">Channels entering the block.</param>
    /// <param name="channels">Inner width; the block outputs channels × 4.</param>
    /// <param name="stride">Stride of the 3×3 convolution (2 where a stage halves the resolution).</param>
    /// <param name="generator">Draws the Kaiming-normal weights.</param>
    /// <param name="normalisation">Builds each BatchNorm layer from its channel count (default <see cref="KeepAliveBatchNorm2d"/>).</param>
    public Bottleneck(long inChannels, long channels, long stride, Generator generator,
        Func<long, Module<Tensor, Tensor>>? normalisation = null) : base(nameof(Bottleneck))
    {
        normalisation ??= Encoder.DefaultNormalisation;
        var outChannels = channels * Expansion;
        conv1 = new EncoderConv2d(inChannels, channels, 1);
        bn1 = normalisation(channels);
        conv2 = new EncoderConv2d(channels, channels, 3, stride: stride, padding: 1);
        bn2 = normalisation(channels);
        conv3 = new EncoderConv2d(channels, outChannels, 1);
        bn3 = normalisation(outChannels);
        relu = ReLU(inplace: true);
        downsample = Shortcut.Projection(inChannels, outChannels, stride, generator, normalisation);
        foreach (var conv in new[] { conv1, conv2, conv3 }) WeightInit.KaimingNormalFanOut(conv.Weight, generator);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        // input: N×in×H×W -> N×(4·channels)×(H/stride)×(W/stride)
        using var scope = NewDisposeScope();
        var reduced = relu.forward(bn1.forward(conv1.forward(input)));
        var spatial = relu.forward(bn2.forward(conv2.forward(reduced)));
        var residual = bn3.forward(conv3.forward(spatial));
        var shortcut = downsample?.forward(input) ?? input;
        return relu.forward(residual.add_(shortcut, One)).MoveToOuterDisposeScope();
    }
}
