namespace Grid.Grains;

/// <summary>One sweep, keyed by its experiment id.</summary>
public interface IExperimentGrain : IGrainWithStringKey
{
    /// <summary>Validates and starts the sweep; throws <see cref="Specs.SpecException"/> naming the bad field.</summary>
    [ResponseTimeout("00:05:00")]
    Task LaunchAsync(string specJson, CancellationToken cancellationToken = default);

    Task<ExperimentSnapshot> GetSnapshotAsync(CancellationToken cancellationToken = default);

    /// <summary>The spec the sweep was launched with (its plan is <c>SweepPlanner.Plan(id, spec)</c>); throws <see cref="KeyNotFoundException"/> for an unknown id.</summary>
    Task<string> GetSpecAsync(CancellationToken cancellationToken = default);

    [ResponseTimeout("00:05:00")]
    Task CancelAsync(CancellationToken cancellationToken = default);

    /// <summary>Queues again every failed or cancelled fold, with its attempt count reset.</summary>
    [ResponseTimeout("00:05:00")]
    Task<int> RetryAsync(CancellationToken cancellationToken = default);

    /// <summary>Makes sure every unfinished fold is queued or running (after a restart).</summary>
    [ResponseTimeout("00:05:00")]
    Task ResumeAsync(CancellationToken cancellationToken = default);

    Task TrialChangedAsync(TrialSummary summary, CancellationToken cancellationToken = default);

    /// <summary>Pushes snapshots to the observer until it unsubscribes or stops renewing (every minute).</summary>
    Task SubscribeAsync(IExperimentObserver observer, CancellationToken cancellationToken = default);

    Task UnsubscribeAsync(IExperimentObserver observer, CancellationToken cancellationToken = default);
}

public interface IExperimentObserver : IGrainObserver
{
    void ExperimentChanged(ExperimentSnapshot snapshot);
}
