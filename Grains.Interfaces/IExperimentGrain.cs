namespace Grid.Grains;

/// <summary>One sweep, keyed by its experiment id.</summary>
public interface IExperimentGrain : IGrainWithStringKey
{
    /// <summary>
    /// Validates and plans the sweep, stores its plan and starts its trials together; throws <see cref="Specs.SpecException"/>
    /// naming the bad field.
    /// </summary>
    Task LaunchAsync(string specJson, CancellationToken cancellationToken = default);

    Task<ExperimentSnapshot> GetSnapshotAsync(CancellationToken cancellationToken = default);

    /// <summary>The spec the sweep was launched with; throws <see cref="KeyNotFoundException"/> for an unknown id.</summary>
    Task<string> GetSpecAsync(CancellationToken cancellationToken = default);

    /// <summary>The sweep's plan as stored at launch: its trials, in index order; throws <see cref="KeyNotFoundException"/> for an unknown id.</summary>
    Task<IReadOnlyList<TrialDefinition>> GetPlanAsync(CancellationToken cancellationToken = default);

    Task CancelAsync(CancellationToken cancellationToken = default);

    /// <summary>Queues again every failed or cancelled fold, with its attempt count reset.</summary>
    Task<int> RetryAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Runs trials a stopping rule stopped to the end (<paramref name="trialIndex"/>, or every stopped trial with null): their
    /// stopped folds are queued again and the rule never stops them again. Returns the folds re-queued.
    /// </summary>
    Task<int> RetryStoppedAsync(int? trialIndex, CancellationToken cancellationToken = default);

    /// <summary>Makes sure every unfinished fold is queued or running (after a restart); each fold is started at most once.</summary>
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
