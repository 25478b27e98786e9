using static TorchSharp.torch;

namespace Grid.Learning.Training;

/// <summary>One prepared training batch: the clips' indices and one augmented view per view asked for (N×3×mels×frames, CPU).</summary>
public sealed record AugmentedBatch(int[] Clips, Tensor[] Views) : IDisposable
{
    public void Dispose()
    {
        foreach (var view in Views) view.Dispose();
    }
}
