namespace Grid.Grains;

/// <summary>Every experiment the cluster knows, so that restarts can re-drive the unfinished ones. Key: <see cref="GrainKeys.Singleton"/>.</summary>
public interface IExperimentRegistryGrain : IGrainWithStringKey
{
    Task RegisterAsync(ExperimentListing listing, CancellationToken cancellationToken = default);

    Task UpdateAsync(string experimentId, ExperimentState state, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<ExperimentListing>> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>Asks every running experiment to re-queue its unfinished folds.</summary>
    Task ResumeAllAsync(CancellationToken cancellationToken = default);
}
