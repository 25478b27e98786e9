using Grid.Learning.Models;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Grid.Tests.Pretraining;

/// <summary>A conv → BN → ReLU → global-pool encoder, N×3×H×W → N×Width, small enough for unit tests.</summary>
internal sealed class TinyEncoder : Module<Tensor, Tensor>
{
    private readonly Module<Tensor, Tensor> conv1;
    private readonly Module<Tensor, Tensor> bn1;
    private readonly Module<Tensor, Tensor> relu;
    private readonly Module<Tensor, Tensor> pool;

    public TinyEncoder(int width = 8) : base(nameof(TinyEncoder))
    {
        Width = width;
        conv1 = Conv2d(3, width, 3, padding: 1);
        bn1 = new KeepAliveBatchNorm2d(width);
        relu = ReLU();
        pool = AdaptiveAvgPool2d(1);
        RegisterComponents();
    }

    public int Width { get; }

    public override Tensor forward(Tensor input)
    {
        using var features = relu.call(bn1.call(conv1.call(input)));   // N×W×H×W'
        using var pooled = pool.call(features);                          // N×W×1×1
        return pooled.flatten(1);                                        // N×W
    }
}
