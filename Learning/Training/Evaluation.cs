namespace Grid.Learning.Training;

/// <summary>
/// What one pass over the held-out fold gave, per clip and in clip order (never per evaluation window): mean loss,
/// predicted classes and embeddings (N×D, each the mean of the clip's window embeddings).
/// </summary>
public sealed record Evaluation(double Loss, int[] Predicted, float[][] Embeddings);
