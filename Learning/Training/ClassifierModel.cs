using Grid.Learning.Models;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Grid.Learning.Training;

/// <summary>An encoder with a linear classifier on top: N×3×mels×frames → logits N×C.</summary>
public sealed class ClassifierModel : Module<Tensor, Tensor>
{
    private readonly Encoder encoder;
    private readonly LinearClassifier classifier;

    public ClassifierModel(Encoder encoder, LinearClassifier classifier) : base(nameof(ClassifierModel))
    {
        this.encoder = encoder;
        this.classifier = classifier;
        RegisterComponents();
    }

    public Encoder Encoder => encoder;
    public LinearClassifier Classifier => classifier;

    public override Tensor forward(Tensor input)
    {
        using var embeddings = encoder.call(input);   // N×D
        return classifier.call(embeddings);           // logits: N×C
    }

    /// <summary>Logits and embeddings together (evaluation keeps both).</summary>
    public (Tensor Logits, Tensor Embeddings) ForwardWithEmbeddings(Tensor input)
    {
        var embeddings = encoder.call(input);
        return (classifier.call(embeddings), embeddings);
    }
}
