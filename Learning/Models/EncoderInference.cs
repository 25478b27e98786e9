using static TorchSharp.torch;

namespace Grid.Learning.Models;

/// <summary>Embeds a batch of spectrograms with a trained encoder, in evaluation mode and without gradients.</summary>
public static class EncoderInference
{
    /// <summary>
    /// Embeddings of <paramref name="input"/> (N×3×mels×frames) as an N×D float32 CPU tensor, computed
    /// <paramref name="batchSize"/> items at a time with BatchNorm's running statistics. The encoder's
    /// training mode is restored afterwards.
    /// </summary>
    public static Tensor Embed(Encoder encoder, Tensor input, int batchSize = 64)
    {
        if (input.dim() != 4 || input.shape[1] != 3)
            throw new ArgumentException($"input must be N×3×mels×frames; got [{string.Join("×", input.shape)}]", nameof(input));
        if (batchSize < 1) throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "batch size must be at least 1");
        var wasTraining = encoder.training;
        var device = encoder.parameters().First().device;
        encoder.eval();
        try
        {
            var batches = new List<Tensor>();
            using var outer = NewDisposeScope();
            using (no_grad())
            {
                for (long start = 0; start < input.shape[0]; start += batchSize)
                {
                    using var scope = NewDisposeScope();
                    var batch = input.narrow(0, start, Math.Min(batchSize, input.shape[0] - start)).to_type(ScalarType.Float32).to(device);
                    batches.Add(encoder.forward(batch).cpu().MoveToOuterDisposeScope()); // B×D
                }
            }
            return batches.Count == 0
                ? zeros(0, encoder.EmbeddingDim).MoveToOuterDisposeScope()
                : cat(batches, 0).MoveToOuterDisposeScope();                       // N×D
        }
        finally
        {
            encoder.train(wasTraining);
        }
    }
}
