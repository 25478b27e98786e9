using Orleans.Runtime;
using Grid.Grains.Specs;
using Microsoft.Extensions.Logging;

namespace Grid.Grains;

/// <summary>
/// One sweep: validates and expands its spec into trials, keeps their summaries (the leaderboard),
/// pushes snapshots to observers, and cancels or retries its folds. It stores what it owns (spec, plan, state); its
/// trials' summaries are kept in memory, told of every change and gathered from the trials again on activation, so a
/// fold's per-epoch curve is stored once, by the fold. A state write that fails is tried again shortly.
/// </summary>
public sealed partial class ExperimentGrain(
    [PersistentState("experiment", GridStorage.Name)] IPersistentState<ExperimentGrainState> state,
    TimeProvider clock,
    ILogger<ExperimentGrain> logger) : Grain, IExperimentGrain
{
    private static readonly TimeSpan ObserverLifetime = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(2);
    private readonly Dictionary<IExperimentObserver, DateTimeOffset> _observers = [];
    private readonly Dictionary<int, TrialSummary> _trials = [];
    private ExperimentState _listed;
    private IGrainTimer? _retry;

    private ExperimentGrainState Stored => state.State;
    private string Id => this.GetPrimaryKeyString();
    private ISchedulerGrain Scheduler => GrainFactory.GetGrain<ISchedulerGrain>(GrainKeys.Singleton);

    /// <summary>
    /// State stored before requests were typed holds them as JSON (read once here, stored typed with the next write); state
    /// stored before summaries were derived still holds them, and the trials' own summaries replace them.
    /// </summary>
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (Stored.Plan is { } plan) Stored.Plan = [.. plan.Select(trial => trial.WithTypedRequests())];
        foreach (var summary in Stored.Trials.Values) Remember(summary);
        _listed = Stored.State;
        if (Stored.SpecJson is null) return;
        var summaries = await Task.WhenAll(Enumerable.Range(0, Stored.TrialCount).Select(trial => Trial(trial).GetSummaryAsync(cancellationToken)));
        foreach (var summary in summaries.Where(s => s.Version > 0)) Remember(summary);
    }

    public async Task LaunchAsync(string specJson, CancellationToken cancellationToken = default)
    {
        if (Stored.SpecJson is not null)
            throw new InvalidOperationException($"experiment {Id} was already launched");
        var plan = SweepPlanner.Plan(Id, specJson);
        // The silos only: the whole view (every queued ticket and lease) costs a thousand-slot scheduler a turn per launch.
        SweepPlanner.CheckResources(plan.Spec, new ClusterView(await Scheduler.GetSilosAsync(), []));

        Stored.SpecJson = specJson;
        Stored.Name = plan.Spec.Name;
        Stored.CreatedAt = clock.GetUtcNow();
        Stored.State = ExperimentState.Running;
        Stored.TrialCount = plan.Trials.Count;
        Stored.MaxConcurrentTrials = plan.Spec.MaxConcurrentTrials;
        Stored.EpochsPerFold = plan.EpochsPerFold;
        Stored.Plan = [.. plan.Trials];
        await state.WriteOrReloadAsync(this);
        await Registry().RegisterAsync(new ExperimentListing(Id, Stored.Name, Stored.State, Stored.CreatedAt));
        _listed = Stored.State;
        await Scheduler.SetExperimentLimitAsync(Id, Stored.MaxConcurrentTrials);
        LogLaunched(Id, Stored.Name, plan.Trials.Count, plan.Spec.Dataset.Folds.Count);

        await Task.WhenAll(plan.Trials.Select(trial => Trial(trial.Index).StartAsync(trial, cancellationToken)));
    }

    public Task<ExperimentSnapshot> GetSnapshotAsync(CancellationToken cancellationToken = default)
    {
        if (Stored.SpecJson is null) throw new KeyNotFoundException($"no experiment {Id}");
        return Task.FromResult(Snapshot());
    }

    public async Task<IReadOnlyList<TrialDefinition>> GetPlanAsync(CancellationToken cancellationToken = default)
    {
        if (Stored.SpecJson is null) throw new KeyNotFoundException($"no experiment {Id}");
        return await PlanAsync();
    }

    public Task<string> GetSpecAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(Stored.SpecJson ?? throw new KeyNotFoundException($"no experiment {Id}"));

    public async Task CancelAsync(CancellationToken cancellationToken = default)
    {
        if (Stored.SpecJson is null) throw new KeyNotFoundException($"no experiment {Id}");
        Stored.CancelRequested = true;
        await state.WriteOrReloadAsync(this);
        await Task.WhenAll(Enumerable.Range(0, Stored.TrialCount).Select(trial => Trial(trial).CancelAsync(cancellationToken)));
        await UpdateStateAsync();
    }

    public async Task<int> RetryAsync(CancellationToken cancellationToken = default)
    {
        if (Stored.SpecJson is null) throw new KeyNotFoundException($"no experiment {Id}");
        Stored.CancelRequested = false;
        Stored.State = ExperimentState.Running;
        await state.WriteOrReloadAsync(this);
        await Registry().UpdateAsync(Id, Stored.State);
        _listed = Stored.State;
        await Scheduler.SetExperimentLimitAsync(Id, Stored.MaxConcurrentTrials);
        var retried = await Task.WhenAll(Enumerable.Range(0, Stored.TrialCount).Select(trial => Trial(trial).RetryAsync(cancellationToken)));
        // Nothing to run again (a sweep whose only unfinished folds were stopped by its rule): it ends as it was.
        if (retried.Sum() == 0) await UpdateStateAsync();
        return retried.Sum();
    }

    public async Task ResumeAsync(CancellationToken cancellationToken = default)
    {
        if (Stored.SpecJson is null || Stored.State != ExperimentState.Running) return;
        await Scheduler.SetExperimentLimitAsync(Id, Stored.MaxConcurrentTrials);
        var plan = await PlanAsync();
        await Task.WhenAll(plan.Select(trial => Trial(trial.Index).ResumeAsync(trial, cancellationToken)));
        await ReapplyStopsAsync();
        LogResumed(Id);
    }

    public async Task TrialChangedAsync(TrialSummary summary, CancellationToken cancellationToken = default)
    {
        if (!Remember(summary)) return;
        await ApplyStoppingAsync();
        await UpdateStateAsync();
    }

    public Task SubscribeAsync(IExperimentObserver observer, CancellationToken cancellationToken = default)
    {
        _observers[observer] = clock.GetUtcNow() + ObserverLifetime;
        if (Stored.SpecJson is not null) observer.ExperimentChanged(Snapshot());
        return Task.CompletedTask;
    }

    public Task UnsubscribeAsync(IExperimentObserver observer, CancellationToken cancellationToken = default)
    {
        _observers.Remove(observer);
        return Task.CompletedTask;
    }

    /// <summary>The stored plan; a sweep launched before plans were stored is planned from its spec once, and the plan kept.</summary>
    private async Task<IReadOnlyList<TrialDefinition>> PlanAsync()
    {
        if (Stored.Plan is null)
        {
            Stored.Plan = [.. SweepPlanner.Plan(Id, Stored.SpecJson!).Trials];
            await state.WriteOrReloadAsync(this);
        }
        return Stored.Plan;
    }

    /// <summary>Stores the state the trials' summaries imply and lists it; a failed write or listing is tried again after <see cref="RetryDelay"/>.</summary>
    private async Task UpdateStateAsync()
    {
        try
        {
            var next = NextState();
            if (next != Stored.State)
            {
                Stored.State = next;
                await state.WriteOrReloadAsync(this);
                LogFinished(Id, Stored.State);
            }
            if (_listed != Stored.State)
            {
                await Registry().UpdateAsync(Id, Stored.State);
                _listed = Stored.State;
            }
        }
        catch (Exception error)
        {
            LogUpdateFailed(error, Id);
            _retry ??= this.RegisterGrainTimer(RetryUpdateAsync, new GrainTimerCreationOptions(RetryDelay, RetryDelay) { KeepAlive = true });
            throw;
        }
        finally
        {
            NotifyObservers();
        }
    }

    private async Task RetryUpdateAsync(CancellationToken cancellationToken)
    {
        await UpdateStateAsync();
        _retry?.Dispose();
        _retry = null;
    }

    /// <summary>Keeps a trial's summary unless a newer one is known; true when it changed.</summary>
    private bool Remember(TrialSummary summary)
    {
        if (_trials.TryGetValue(summary.Index, out var known) && known.Version >= summary.Version) return false;
        _trials[summary.Index] = summary;
        return true;
    }

    private ExperimentState NextState()
    {
        var trials = _trials.Values;
        var finished = trials.Count == Stored.TrialCount && trials.All(t => t.IsFinished);
        if (!finished) return Stored.CancelRequested ? ExperimentState.Cancelled : ExperimentState.Running;
        if (Stored.CancelRequested) return ExperimentState.Cancelled;
        return trials.Any(t => t.FoldsSucceeded > 0) ? ExperimentState.Succeeded : ExperimentState.Failed;
    }

    private void NotifyObservers()
    {
        var now = clock.GetUtcNow();
        foreach (var expired in _observers.Where(o => o.Value < now).Select(o => o.Key).ToArray())
            _observers.Remove(expired);
        if (_observers.Count == 0) return;
        var snapshot = Snapshot();
        foreach (var observer in _observers.Keys)
            observer.ExperimentChanged(snapshot);
    }

    private ExperimentSnapshot Snapshot() => new(
        Id, Stored.Name, Stored.State, Stored.CreatedAt, _trials.Values.OrderBy(t => t.Index).ToArray(), Stored.MaxConcurrentTrials, Stored.EpochsPerFold)
    {
        StopDecisions = [.. Stored.StopDecisions],
        RunToEnd = [.. Stored.RunToEnd.Order()],
    };

    private ITrialGrain Trial(int index) => GrainFactory.GetGrain<ITrialGrain>(GrainKeys.Trial(Id, index));

    private IExperimentRegistryGrain Registry() => GrainFactory.GetGrain<IExperimentRegistryGrain>(GrainKeys.Singleton);

    [LoggerMessage(Level = LogLevel.Information, Message = "Experiment {Id} ({Name}) launched: {Trials} trials × {Folds} folds")]
    private partial void LogLaunched(string id, string name, int trials, int folds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Experiment {Id} re-driven after a restart")]
    private partial void LogResumed(string id);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Experiment {Id}: storing or listing its state failed; trying again shortly")]
    private partial void LogUpdateFailed(Exception error, string id);

    [LoggerMessage(Level = LogLevel.Information, Message = "Experiment {Id} is now {State}")]
    private partial void LogFinished(string id, ExperimentState state);
}
