namespace Grid.Grains;

/// <summary>One point of the search space, keyed <c>{experiment}/{trial}</c>. Calls to its folds go out together.</summary>
public interface ITrialGrain : IGrainWithStringKey
{
    Task StartAsync(TrialDefinition definition, CancellationToken cancellationToken = default);

    Task FoldChangedAsync(FoldStatus status, CancellationToken cancellationToken = default);

    /// <summary>A fold of this trial found its stored state gone (storage lost it): the trial starts it again from its definition.</summary>
    [Orleans.Concurrency.OneWay]
    Task FoldLostAsync(int fold);

    Task<TrialSummary> GetSummaryAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// A fold's definition, or null when the trial has none: a fold queued at launch is not written and asks for it
    /// when it is addressed again. Interleaved: the fold may ask while the trial awaits that very fold.
    /// </summary>
    [Orleans.Concurrency.AlwaysInterleave]
    Task<FoldDefinition?> GetFoldDefinitionAsync(int fold);

    Task CancelAsync(CancellationToken cancellationToken = default);

    Task<int> RetryAsync(CancellationToken cancellationToken = default);

    /// <summary>Stops one fold (<paramref name="fold"/>) or, with null, every unfinished fold of the trial, for a stopping rule's reason.</summary>
    Task StopAsync(int? fold, string reason, CancellationToken cancellationToken = default);

    /// <summary>Queues every fold a stopping rule stopped again, to run to the end; returns how many.</summary>
    Task<int> RetryStoppedAsync(CancellationToken cancellationToken = default);

    /// <summary>After a restart: starts each fold that never started and re-drives every other one, one call per fold.</summary>
    Task ResumeAsync(TrialDefinition definition, CancellationToken cancellationToken = default);
}
