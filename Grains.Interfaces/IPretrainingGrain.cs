using Orleans.Concurrency;

namespace Grid.Grains;

/// <summary>One contrastive pretraining run, keyed by the content hash of its method, hyperparameters, dataset and seed.</summary>
public interface IPretrainingGrain : IJobGrain
{
    /// <summary>
    /// Starts the run if nobody has yet and remembers the fold to notify. Returns the status now: a fold
    /// whose pretraining already succeeded starts at once; a failed or cancelled run starts again from its last
    /// checkpoint (a fold's retry, or a later sweep that needs it).
    /// </summary>
    Task<PretrainingStatus> EnsureAsync(PretrainingDefinition definition, string experimentId, string waitingFoldKey, CancellationToken cancellationToken = default);

    Task<PretrainingStatus> GetStatusAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// A waiting fold was cancelled. When no fold waits any more, the run stops; it keeps its last checkpoint, from
    /// which a later <see cref="EnsureAsync"/> resumes it.
    /// </summary>
    [OneWay]
    Task WaiterLeftAsync(string foldKey);
}
