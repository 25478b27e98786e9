using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Grid.Learning.Pretraining;

/// <summary>The projection heads that map an encoder's D-dim embedding into the contrastive space.</summary>
public static class ProjectionHead
{
    /// <summary>D→out, as in MoCo v1 and NPID.</summary>
    public static Module<Tensor, Tensor> Linear(long inputDim, long outputDim) =>
        Sequential(("0", nn.Linear(inputDim, outputDim)));

    /// <summary>D→D→out with a ReLU between, as in MoCo v2 (and SimCLR).</summary>
    public static Module<Tensor, Tensor> Mlp(long inputDim, long outputDim) =>
        Sequential(("0", nn.Linear(inputDim, inputDim)), ("1", ReLU()), ("2", nn.Linear(inputDim, outputDim)));
}
