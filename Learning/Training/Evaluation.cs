namespace Grid.Learning.Training;

/// <summary>What one pass over the held-out fold gave: mean loss, predicted classes and embeddings (N×D), in clip order.</summary>
public sealed record Evaluation(double Loss, int[] Predicted, float[][] Embeddings);
