using Orleans.Runtime;
namespace Grid.Grains;

/// <summary>
/// One point of the search space: starts a fold job per fold and aggregates their accuracies. It stores only what it
/// owns (its definition); its folds' statuses, per-epoch curves included, are stored once, by each fold, and the trial
/// keeps them in memory: told of every change, and gathered from the folds again when it activates. A fold queued at
/// launch writes nothing until it changes: the trial shows it queued from its own definition.
/// </summary>
public sealed class TrialGrain(
    [PersistentState("trial", GridStorage.Name)] IPersistentState<TrialGrainState> state) : Grain, ITrialGrain
{
    private readonly Dictionary<int, FoldStatus> _folds = [];
    private TrialGrainState Stored => state.State;
    private string Key => this.GetPrimaryKeyString();

    /// <summary>
    /// State stored before requests were typed holds them as JSON (read once here, stored typed with the next write); state
    /// stored before the folds' statuses were derived still lists them, and the folds' own statuses replace them.
    /// </summary>
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        Stored.Definition = Stored.Definition?.WithTypedRequests();
        foreach (var status in Stored.Folds.Values) Remember(status);
        if (Stored.Definition is not { } definition) return;
        var statuses = await Task.WhenAll(definition.Folds.Select(fold => Fold(fold.Fold).PeekStatusAsync()));
        foreach (var status in statuses.Where(s => s.Version > 0)) Remember(status);
        RememberQueued(definition.Folds);
    }

    public async Task StartAsync(TrialDefinition definition, CancellationToken cancellationToken = default)
    {
        await DefineAsync(definition);
        await Task.WhenAll(definition.Folds.Select(fold => Fold(fold.Fold).StartAsync(fold, cancellationToken)));
        // A fold that waits for its pretraining stored and told that; the others were queued without a write.
        RememberQueued(definition.Folds.Where(fold => fold.Pretraining is null));
        Notify();
    }

    public Task<FoldDefinition?> GetFoldDefinitionAsync(int fold) =>
        Task.FromResult(Stored.Definition?.Folds.FirstOrDefault(f => f.Fold == fold));

    public Task FoldChangedAsync(FoldStatus status, CancellationToken cancellationToken = default)
    {
        if (Remember(status)) Notify();
        return Task.CompletedTask;
    }

    public async Task FoldLostAsync(int fold)
    {
        if (Stored.Definition?.Folds.FirstOrDefault(f => f.Fold == fold) is not { } definition) return;
        await FoldChangedAsync(await Fold(fold).StartOrResumeAsync(definition));
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
        await DefineAsync(definition);
        var statuses = await Task.WhenAll(Stored.Definition!.Folds.Select(fold => Fold(fold.Fold).StartOrResumeAsync(fold, cancellationToken)));
        foreach (var status in statuses)
            await FoldChangedAsync(status, cancellationToken);
        Notify();
    }

    /// <summary>Stores the definition once; memory changes only after the write succeeded.</summary>
    private async Task DefineAsync(TrialDefinition definition)
    {
        if (Stored.Definition is not null) return;
        Stored.Definition = definition;
        Stored.Version++;
        await state.WriteOrReloadAsync(this);
    }

    /// <summary>Keeps a fold's status unless a newer one is known; true when it changed what the trial shows.</summary>
    private bool Remember(FoldStatus status)
    {
        if (_folds.TryGetValue(status.Fold, out var known) && known.Version >= status.Version) return false;
        _folds[status.Fold] = status;
        return true;
    }

    /// <summary>Shows each of these folds that has told nothing yet as queued (version 0: any status the fold sends replaces it).</summary>
    private void RememberQueued(IEnumerable<FoldDefinition> folds)
    {
        foreach (var fold in folds.Where(f => !_folds.ContainsKey(f.Fold)))
            _folds[fold.Fold] = new FoldStatus(GrainKeys.Fold(Key, fold.Fold), fold.Fold, FoldState.Queued, 0, 0, null, null, [], fold.Epochs,
                null, null, null, 0, 0, 0, 0, 0);
    }

    private IEnumerable<int> FoldNumbers() => Stored.Definition?.Folds.Select(f => f.Fold) ?? [];

    private IFoldGrain Fold(int fold) => GrainFactory.GetGrain<IFoldGrain>(GrainKeys.Fold(Key, fold));

    private void Notify() =>
        GrainFactory.GetGrain<IExperimentGrain>(GrainKeys.ExperimentOf(Key)).TrialChangedAsync(Summary()).Ignore();

    private TrialSummary Summary()
    {
        var definition = Stored.Definition;
        var folds = _folds.Values.OrderBy(f => f.Fold).ToArray();
        var succeeded = folds.Where(f => f.State == FoldState.Succeeded).ToList();
        return new TrialSummary(
            Key, definition?.Index ?? 0, definition?.Parameters ?? new Dictionary<string, string>(),
            definition?.Folds.Count ?? 0,
            succeeded.Count,
            folds.Count(f => f.State == FoldState.Failed),
            folds.Count(f => f.State == FoldState.Cancelled),
            TrialAggregator.Aggregate(succeeded.ToDictionary(f => f.Fold, f => f.EpochAccuracies), succeeded.ToDictionary(f => f.Fold, f => f.TestAccuracies)),
            folds,
            // Every fold's version only grows (it is stored with the fold and follows the clock), so this grows with
            // every change the trial takes, across activations too.
            Stored.Version + folds.Sum(f => f.Version));
    }
}
