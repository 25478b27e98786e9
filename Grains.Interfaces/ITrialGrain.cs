namespace Grid.Grains;

/// <summary>One point of the search space, keyed <c>{experiment}/{trial}</c>.</summary>
public interface ITrialGrain : IGrainWithStringKey
{
    [ResponseTimeout("00:05:00")]
    Task StartAsync(TrialDefinition definition, CancellationToken cancellationToken = default);

    Task FoldChangedAsync(FoldStatus status, CancellationToken cancellationToken = default);

    Task<TrialSummary> GetSummaryAsync(CancellationToken cancellationToken = default);

    [ResponseTimeout("00:05:00")]
    Task CancelAsync(CancellationToken cancellationToken = default);

    [ResponseTimeout("00:05:00")]
    Task<int> RetryAsync(CancellationToken cancellationToken = default);

    [ResponseTimeout("00:05:00")]
    Task ResumeAsync(CancellationToken cancellationToken = default);
}
