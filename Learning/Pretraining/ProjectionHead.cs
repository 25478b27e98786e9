using Grid.Learning.Models;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Grid.Learning.Pretraining;

/// <summary>
/// The projection heads that map an encoder's D-dim embedding into the contrastive space, initialised as PyTorch's
/// Linear (uniform ±1/√fan_in) from the given generator rather than torch's process-wide one.
/// </summary>
public static class ProjectionHead
{
    /// <summary>D→out, as in MoCo v1 and NPID.</summary>
    public static Module<Tensor, Tensor> Linear(long inputDim, long outputDim, Generator generator) =>
        Sequential(("0", SeededLinear(inputDim, outputDim, generator)));

    /// <summary>D→D→out with a ReLU between, as in MoCo v2 (and SimCLR).</summary>
    public static Module<Tensor, Tensor> Mlp(long inputDim, long outputDim, Generator generator) =>
        Sequential(("0", SeededLinear(inputDim, inputDim, generator)), ("1", ReLU()), ("2", SeededLinear(inputDim, outputDim, generator)));

    private static Linear SeededLinear(long inputDim, long outputDim, Generator generator)
    {
        var layer = nn.Linear(inputDim, outputDim);
        WeightInit.LinearDefault(layer.weight!, layer.bias, generator);
        return layer;
    }
}
