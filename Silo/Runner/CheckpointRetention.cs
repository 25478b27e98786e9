namespace Grid.Silo.Runner;

/// <summary>Which epoch checkpoints of a job the runner keeps in the artifact store (setting <c>Runner:KeepCheckpoints</c>).</summary>
public enum CheckpointRetention
{
    /// <summary>The last checkpoint (a resume starts from it) and the best one (highest validation accuracy); the default.</summary>
    LastAndBest,
    /// <summary>Every epoch's checkpoint, forever.</summary>
    All,
}
