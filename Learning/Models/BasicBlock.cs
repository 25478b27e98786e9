using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Grid.Learning.Models;

/// <summary>
/// torchvision's BasicBlock: two 3×3 convolutions with a residual connection; the first convolution
/// carries the stride. Field names match torchvision's so state dicts interchange.
/// </summary>
public sealed class BasicBlock : Module<Tensor, Tensor>
{
    // Held for the process: an implicit alpha of 1 could be finalised while libtorch reads it (docs/learning.md).
    private static readonly Scalar One = 1.ToScalar();

    private readonly EncoderConv2d conv1;
    private readonly Module<Tensor, Tensor> bn1;
    private readonly ReLU relu;
    private readonly EncoderConv2d conv2;
    private readonly Module<Tensor, Tensor> bn2;
    private readonly Sequential? downsample;

    /// <param name="inChannels">Channels entering the block.</param>
    /// <param name="channels">Channels of both convolutions and of the output (expansion 1).</param>
    /// <param name="stride">Stride of the first convolution (2 where a stage halves the resolution).</param>
    /// <param name="generator">Draws the Kaiming-normal weights.</param>
    /// <param name="normalisation">Builds each BatchNorm layer from its channel count (default <see cref="KeepAliveBatchNorm2d"/>).</param>
    public BasicBlock(long inChannels, long channels, long stride, Generator generator,
        Func<long, Module<Tensor, Tensor>>? normalisation = null) : base(nameof(BasicBlock))
    {
        normalisation ??= Encoder.DefaultNormalisation;
        conv1 = new EncoderConv2d(inChannels, channels, 3, stride: stride, padding: 1);
        bn1 = normalisation(channels);
        relu = ReLU(inplace: true);
        conv2 = new EncoderConv2d(channels, channels, 3, padding: 1);
        bn2 = normalisation(channels);
        downsample = Shortcut.Projection(inChannels, channels, stride, generator, normalisation);
        foreach (var conv in new[] { conv1, conv2 }) WeightInit.KaimingNormalFanOut(conv.Weight, generator);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        // input: N×in×H×W -> N×channels×(H/stride)×(W/stride)
        using var scope = NewDisposeScope();
        var hidden = relu.forward(bn1.forward(conv1.forward(input)));
        var residual = bn2.forward(conv2.forward(hidden));
        var shortcut = downsample?.forward(input) ?? input;
        return relu.forward(residual.add_(shortcut, One)).MoveToOuterDisposeScope();
    }
}
