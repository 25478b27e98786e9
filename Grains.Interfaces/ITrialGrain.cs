namespace Grid.Grains;

/// <summary>One point of the search space, keyed <c>{experiment}/{trial}</c>.</summary>
public interface ITrialGrain : IGrainWithStringKey
{
    Task StartAsync(TrialDefinition definition, CancellationToken cancellationToken = default);

    Task FoldChangedAsync(FoldStatus status, CancellationToken cancellationToken = default);

    Task<TrialSummary> GetSummaryAsync(CancellationToken cancellationToken = default);

    Task CancelAsync(CancellationToken cancellationToken = default);

    Task<int> RetryAsync(CancellationToken cancellationToken = default);

    Task ResumeAsync(CancellationToken cancellationToken = default);
}
