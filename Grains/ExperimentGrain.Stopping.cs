using Grid.Grains.Specs;
using Grid.Grains.Stopping;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;

namespace Grid.Grains;

/// <summary>The experiment's stopping rule: judged on every trial change, decisions stored before they are applied.</summary>
public sealed partial class ExperimentGrain
{
    private SweepStopper? _stopper;
    private bool _stopperParsed;

    public async Task<int> RetryStoppedAsync(int? trialIndex, CancellationToken cancellationToken = default)
    {
        if (Stored.SpecJson is null) throw new KeyNotFoundException($"no experiment {Id}");
        var trials = Stored.StopDecisions.Select(d => d.TrialIndex).Distinct()
            .Where(t => trialIndex is null || t == trialIndex).Where(t => !Stored.RunToEnd.Contains(t)).Order().ToArray();
        if (trials.Length == 0) return 0;
        Stored.RunToEnd.UnionWith(trials);
        Stored.CancelRequested = false;
        Stored.State = ExperimentState.Running;
        await state.WriteStateAsync();
        await Registry().UpdateAsync(Id, Stored.State);
        await Scheduler.SetExperimentLimitAsync(Id, Stored.MaxConcurrentTrials);
        var retried = await Task.WhenAll(trials.Select(trial => Trial(trial).RetryStoppedAsync(cancellationToken)));
        LogRunToEnd(Id, string.Join(",", trials), retried.Sum());
        NotifyObservers();
        return retried.Sum();
    }

    /// <summary>Judges the trials with the sweep's rule; new decisions are stored, then their folds stopped.</summary>
    private async Task ApplyStoppingAsync()
    {
        if (Stored.CancelRequested || Stopper() is not { } stopper) return;
        var progress = _trials.Values.OrderBy(t => t.Index).Select(TrialProgress.Of).ToArray();
        var decisions = stopper.Decide(progress, Stored.StopDecisions, Stored.JudgedStops, Stored.RunToEnd);
        if (decisions.Count == 0) return; // judged keys are stored with the summary that follows
        var now = clock.GetUtcNow();
        Stored.StopDecisions.AddRange(decisions.Select(d => d with { DecidedAt = now }));
        await state.WriteStateAsync();
        foreach (var decision in decisions)
        {
            LogStopped(Id, decision.TrialIndex, decision.Fold, decision.Reason);
            try
            {
                await StopAsync(decision);
            }
            catch (Exception error) when (error is TimeoutException or OrleansException)
            {
                // Stored already: the next re-drive (a restart) applies it again.
                LogStopFailed(error, Id, decision.TrialIndex);
            }
        }
    }

    /// <summary>After a restart: every decision in force is applied again (a fold already stopped stays as it is).</summary>
    private Task ReapplyStopsAsync() =>
        Task.WhenAll(Stored.StopDecisions.Where(d => !Stored.RunToEnd.Contains(d.TrialIndex)).Select(StopAsync));

    private Task StopAsync(StopDecision decision) => Trial(decision.TrialIndex).StopAsync(decision.Fold, $"stopped: {decision.Reason}");

    /// <summary>The sweep's rule, parsed from the spec once (a sweep without one too: it is judged on every trial change).</summary>
    private SweepStopper? Stopper()
    {
        if (!_stopperParsed && Stored.SpecJson is not null)
        {
            var spec = SweepSpecParser.Parse(Stored.SpecJson);
            _stopper = spec.Stopping is NoStopping ? null : new SweepStopper(spec.Stopping, Stored.EpochsPerFold, spec.Dataset.Folds);
            _stopperParsed = true;
        }
        return _stopper;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Experiment {Id}: trial {Trial} fold {Fold} stopped: {Reason}")]
    private partial void LogStopped(string id, int trial, int? fold, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Experiment {Id}: stopping trial {Trial} did not reach its folds; a re-drive applies it again")]
    private partial void LogStopFailed(Exception error, string id, int trial);

    [LoggerMessage(Level = LogLevel.Information, Message = "Experiment {Id}: stopped trials {Trials} run to the end ({Folds} folds re-queued)")]
    private partial void LogRunToEnd(string id, string trials, int folds);
}
