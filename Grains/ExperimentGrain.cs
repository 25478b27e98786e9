using Orleans.Runtime;
using Grid.Grains.Specs;
using Microsoft.Extensions.Logging;

namespace Grid.Grains;

/// <summary>
/// One sweep: validates and expands its spec into trials, keeps their summaries (the leaderboard),
/// pushes snapshots to observers, and cancels or retries its folds.
/// </summary>
public sealed partial class ExperimentGrain(
    [PersistentState("experiment", GridStorage.Name)] IPersistentState<ExperimentGrainState> state,
    TimeProvider clock,
    ILogger<ExperimentGrain> logger) : Grain, IExperimentGrain
{
    private static readonly TimeSpan ObserverLifetime = TimeSpan.FromMinutes(1);
    private readonly Dictionary<IExperimentObserver, DateTimeOffset> _observers = [];

    private ExperimentGrainState S => state.State;
    private string Id => this.GetPrimaryKeyString();
    private ISchedulerGrain Scheduler => GrainFactory.GetGrain<ISchedulerGrain>(GrainKeys.Singleton);

    public async Task LaunchAsync(string specJson, CancellationToken cancellationToken = default)
    {
        if (S.SpecJson is not null)
            throw new InvalidOperationException($"experiment {Id} was already launched");
        var plan = SweepPlanner.Plan(Id, specJson);
        SweepPlanner.CheckResources(plan.Spec, await Scheduler.GetClusterAsync());

        S.SpecJson = specJson;
        S.Name = plan.Spec.Name;
        S.CreatedAt = clock.GetUtcNow();
        S.State = ExperimentState.Running;
        S.TrialCount = plan.Trials.Count;
        S.MaxConcurrentTrials = plan.Spec.MaxConcurrentTrials;
        S.EpochsPerFold = plan.EpochsPerFold;
        S.Plan = [.. plan.Trials];
        await state.WriteStateAsync();
        await Registry().RegisterAsync(new ExperimentListing(Id, S.Name, S.State, S.CreatedAt));
        await Scheduler.SetExperimentLimitAsync(Id, S.MaxConcurrentTrials);
        LogLaunched(Id, S.Name, plan.Trials.Count, plan.Spec.Dataset.Folds.Count);

        await Task.WhenAll(plan.Trials.Select(trial => Trial(trial.Index).StartAsync(trial, cancellationToken)));
    }

    public Task<ExperimentSnapshot> GetSnapshotAsync(CancellationToken cancellationToken = default)
    {
        if (S.SpecJson is null) throw new KeyNotFoundException($"no experiment {Id}");
        return Task.FromResult(Snapshot());
    }

    public async Task<IReadOnlyList<TrialDefinition>> GetPlanAsync(CancellationToken cancellationToken = default)
    {
        if (S.SpecJson is null) throw new KeyNotFoundException($"no experiment {Id}");
        return await PlanAsync();
    }

    public Task<string> GetSpecAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(S.SpecJson ?? throw new KeyNotFoundException($"no experiment {Id}"));

    public async Task CancelAsync(CancellationToken cancellationToken = default)
    {
        if (S.SpecJson is null) throw new KeyNotFoundException($"no experiment {Id}");
        S.CancelRequested = true;
        await state.WriteStateAsync();
        await Task.WhenAll(Enumerable.Range(0, S.TrialCount).Select(trial => Trial(trial).CancelAsync(cancellationToken)));
        await UpdateStateAsync();
    }

    public async Task<int> RetryAsync(CancellationToken cancellationToken = default)
    {
        if (S.SpecJson is null) throw new KeyNotFoundException($"no experiment {Id}");
        S.CancelRequested = false;
        S.State = ExperimentState.Running;
        await state.WriteStateAsync();
        await Registry().UpdateAsync(Id, S.State);
        await Scheduler.SetExperimentLimitAsync(Id, S.MaxConcurrentTrials);
        var retried = await Task.WhenAll(Enumerable.Range(0, S.TrialCount).Select(trial => Trial(trial).RetryAsync(cancellationToken)));
        return retried.Sum();
    }

    public async Task ResumeAsync(CancellationToken cancellationToken = default)
    {
        if (S.SpecJson is null || S.State != ExperimentState.Running) return;
        await Scheduler.SetExperimentLimitAsync(Id, S.MaxConcurrentTrials);
        var plan = await PlanAsync();
        await Task.WhenAll(plan.Select(trial => Trial(trial.Index).ResumeAsync(trial, cancellationToken)));
        LogResumed(Id);
    }

    public async Task TrialChangedAsync(TrialSummary summary, CancellationToken cancellationToken = default)
    {
        if (S.Trials.TryGetValue(summary.Index, out var known) && known.Version >= summary.Version) return;
        S.Trials[summary.Index] = summary;
        await UpdateStateAsync();
    }

    public Task SubscribeAsync(IExperimentObserver observer, CancellationToken cancellationToken = default)
    {
        _observers[observer] = clock.GetUtcNow() + ObserverLifetime;
        if (S.SpecJson is not null) observer.ExperimentChanged(Snapshot());
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
        if (S.Plan is null)
        {
            S.Plan = [.. SweepPlanner.Plan(Id, S.SpecJson!).Trials];
            await state.WriteStateAsync();
        }
        return S.Plan;
    }

    private async Task UpdateStateAsync()
    {
        var previous = S.State;
        S.State = NextState();
        await state.WriteStateAsync();
        if (S.State != previous)
        {
            await Registry().UpdateAsync(Id, S.State);
            LogFinished(Id, S.State);
        }
        NotifyObservers();
    }

    private ExperimentState NextState()
    {
        var trials = S.Trials.Values;
        var finished = trials.Count == S.TrialCount && trials.All(t => t.IsFinished);
        if (!finished) return S.CancelRequested ? ExperimentState.Cancelled : ExperimentState.Running;
        if (S.CancelRequested) return ExperimentState.Cancelled;
        return trials.Any(t => t.FoldsSucceeded > 0) ? ExperimentState.Succeeded : ExperimentState.Failed;
    }

    private void NotifyObservers()
    {
        var now = clock.GetUtcNow();
        foreach (var expired in _observers.Where(o => o.Value < now).Select(o => o.Key).ToArray())
            _observers.Remove(expired);
        var snapshot = Snapshot();
        foreach (var observer in _observers.Keys)
            observer.ExperimentChanged(snapshot);
    }

    private ExperimentSnapshot Snapshot() => new(
        Id, S.Name, S.State, S.CreatedAt, S.Trials.Values.OrderBy(t => t.Index).ToArray(), S.MaxConcurrentTrials, S.EpochsPerFold);

    private ITrialGrain Trial(int index) => GrainFactory.GetGrain<ITrialGrain>(GrainKeys.Trial(Id, index));

    private IExperimentRegistryGrain Registry() => GrainFactory.GetGrain<IExperimentRegistryGrain>(GrainKeys.Singleton);

    [LoggerMessage(Level = LogLevel.Information, Message = "Experiment {Id} ({Name}) launched: {Trials} trials × {Folds} folds")]
    private partial void LogLaunched(string id, string name, int trials, int folds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Experiment {Id} re-driven after a restart")]
    private partial void LogResumed(string id);

    [LoggerMessage(Level = LogLevel.Information, Message = "Experiment {Id} is now {State}")]
    private partial void LogFinished(string id, ExperimentState state);
}
