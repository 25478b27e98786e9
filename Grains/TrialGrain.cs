using Orleans.Runtime;
namespace Grid.Grains;

/// <summary>One point of the search space: starts a fold job per fold and aggregates their accuracies.</summary>
public sealed class TrialGrain(
    [PersistentState("trial", GridStorage.Name)] IPersistentState<TrialGrainState> state) : Grain, ITrialGrain
{
    private TrialGrainState Stored => state.State;
    private string Key => this.GetPrimaryKeyString();

    /// <summary>State stored before requests were typed holds them as JSON: read once here, stored typed with the next write.</summary>
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        Stored.Definition = Stored.Definition?.WithTypedRequests();
        return Task.CompletedTask;
    }

    public async Task StartAsync(TrialDefinition definition, CancellationToken cancellationToken = default)
    {
        if (Stored.Definition is null)
        {
            Stored.Definition = definition;
            Stored.Version++;
            await state.WriteStateAsync();
        }
        await Task.WhenAll(definition.Folds.Select(fold => Fold(fold.Fold).StartAsync(fold, cancellationToken)));
        Notify();
    }

    public async Task FoldChangedAsync(FoldStatus status, CancellationToken cancellationToken = default)
    {
        if (Stored.Folds.TryGetValue(status.Fold, out var known) && known.Version >= status.Version) return;
        Stored.Folds[status.Fold] = status;
        Stored.Version++;
        await state.WriteStateAsync();
        Notify();
    }

    public Task<TrialSummary> GetSummaryAsync(CancellationToken cancellationToken = default) => Task.FromResult(Summary());

    public async Task CancelAsync(CancellationToken cancellationToken = default)
    {
        await Task.WhenAll(FoldNumbers().Select(fold => Fold(fold).CancelAsync(cancellationToken)));
    }

    public async Task<int> RetryAsync(CancellationToken cancellationToken = default)
    {
        var retried = await Task.WhenAll(FoldNumbers().Select(fold => Fold(fold).RetryAsync(cancellationToken)));
        return retried.Count(r => r);
    }

    public async Task StopAsync(int? fold, string reason, CancellationToken cancellationToken = default)
    {
        var folds = fold is { } one ? [one] : FoldNumbers();
        await Task.WhenAll(folds.Select(number => Fold(number).StopAsync(reason, cancellationToken)));
    }

    public async Task<int> RetryStoppedAsync(CancellationToken cancellationToken = default)
    {
        var retried = await Task.WhenAll(FoldNumbers().Select(fold => Fold(fold).RetryStoppedAsync(cancellationToken)));
        return retried.Count(r => r);
    }

    public async Task ResumeAsync(TrialDefinition definition, CancellationToken cancellationToken = default)
    {
        if (Stored.Definition is null)
        {
            Stored.Definition = definition;
            Stored.Version++;
            await state.WriteStateAsync();
        }
        var statuses = await Task.WhenAll(Stored.Definition.Folds.Select(fold => Fold(fold.Fold).StartOrResumeAsync(fold, cancellationToken)));
        foreach (var status in statuses)
            await FoldChangedAsync(status, cancellationToken);
        Notify();
    }

    private IEnumerable<int> FoldNumbers() => Stored.Definition?.Folds.Select(f => f.Fold) ?? [];

    private IFoldGrain Fold(int fold) => GrainFactory.GetGrain<IFoldGrain>(GrainKeys.Fold(Key, fold));

    private void Notify() =>
        GrainFactory.GetGrain<IExperimentGrain>(GrainKeys.ExperimentOf(Key)).TrialChangedAsync(Summary()).Ignore();

    private TrialSummary Summary()
    {
        var definition = Stored.Definition;
        var folds = Stored.Folds.Values.OrderBy(f => f.Fold).ToArray();
        var succeeded = folds.Where(f => f.State == FoldState.Succeeded).ToList();
        return new TrialSummary(
            Key, definition?.Index ?? 0, definition?.Parameters ?? new Dictionary<string, string>(),
            definition?.Folds.Count ?? 0,
            succeeded.Count,
            folds.Count(f => f.State == FoldState.Failed),
            folds.Count(f => f.State == FoldState.Cancelled),
            TrialAggregator.Aggregate(succeeded.ToDictionary(f => f.Fold, f => f.EpochAccuracies), succeeded.ToDictionary(f => f.Fold, f => f.TestAccuracies)),
            folds,
            Stored.Version);
    }
}
