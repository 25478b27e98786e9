using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Grid.Learning.Models;

/// <summary>A linear classification head over encoder embeddings (torchvision's <c>fc</c>): logits = x·Wᵀ + b.</summary>
public sealed class LinearClassifier : Module<Tensor, Tensor>
{
    private readonly Linear fc;

    /// <param name="embeddingDim">D, the encoder's embedding size.</param>
    /// <param name="classes">C, the number of classes.</param>
    /// <param name="seed">Draws PyTorch's default Linear init (uniform ±1/√D); derive it from the job's seed.</param>
    public LinearClassifier(int embeddingDim, int classes, long seed = 0) : base(nameof(LinearClassifier))
    {
        if (embeddingDim < 1) throw new ArgumentOutOfRangeException(nameof(embeddingDim), embeddingDim, "embedding size must be at least 1");
        if (classes < 2) throw new ArgumentOutOfRangeException(nameof(classes), classes, "a classifier needs at least 2 classes");
        Classes = classes;
        fc = Linear(embeddingDim, classes);
        using var generator = new Generator(unchecked((ulong)seed));
        WeightInit.LinearDefault(fc.weight!, fc.bias, generator);
        RegisterComponents();
    }

    public int Classes { get; }

    public override Tensor forward(Tensor embeddings) => fc.forward(embeddings); // N×D -> logits: N×C
}
