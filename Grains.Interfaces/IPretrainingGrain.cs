namespace Grid.Grains;

/// <summary>One contrastive pretraining run, keyed by the content hash of its method, hyperparameters, dataset and seed.</summary>
public interface IPretrainingGrain : IJobGrain
{
    /// <summary>
    /// Starts the run if nobody has yet and remembers the fold to notify. Returns the status now: a fold
    /// whose pretraining already succeeded starts at once; a failed run starts again (a fold's retry).
    /// </summary>
    Task<PretrainingStatus> EnsureAsync(PretrainingDefinition definition, string experimentId, string waitingFoldKey, CancellationToken cancellationToken = default);

    Task<PretrainingStatus> GetStatusAsync(CancellationToken cancellationToken = default);
}
