using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Grid.Learning.Models;

/// <summary>The projection shortcut of a residual block whose shape changes: 1×1 convolution with the stride, then BatchNorm.</summary>
internal static class Shortcut
{
    /// <summary>torchvision's <c>downsample</c> (entries "0" conv, "1" norm), or null when the identity fits.</summary>
    public static Sequential? Projection(long inChannels, long outChannels, long stride, Generator generator, Func<long, Module<Tensor, Tensor>> normalisation)
    {
        if (stride == 1 && inChannels == outChannels) return null;
        var conv = new EncoderConv2d(inChannels, outChannels, 1, stride: stride);
        var norm = normalisation(outChannels);
        WeightInit.KaimingNormalFanOut(conv.Weight, generator);
        return Sequential(conv, norm);
    }
}
