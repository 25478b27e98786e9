using Orleans.Runtime;
using Microsoft.Extensions.Logging;

namespace Grid.Grains;

/// <summary>Every experiment the cluster has run; re-drives the running ones after a restart.</summary>
public sealed partial class ExperimentRegistryGrain(
    [PersistentState("registry", GridStorage.Name)] IPersistentState<ExperimentRegistryGrainState> state,
    ILogger<ExperimentRegistryGrain> logger) : Grain, IExperimentRegistryGrain
{
    public async Task RegisterAsync(ExperimentListing listing, CancellationToken cancellationToken = default)
    {
        state.State.Experiments[listing.Id] = listing;
        await state.WriteOrReloadAsync(this);
    }

    public async Task UpdateAsync(string experimentId, ExperimentState experimentState, CancellationToken cancellationToken = default)
    {
        if (!state.State.Experiments.TryGetValue(experimentId, out var listing) || listing.State == experimentState) return;
        state.State.Experiments[experimentId] = listing with { State = experimentState };
        await state.WriteOrReloadAsync(this);
    }

    public Task<IReadOnlyList<ExperimentListing>> ListAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<ExperimentListing>>(state.State.Experiments.Values.OrderBy(e => e.CreatedAt).ToArray());

    /// <summary>Not awaited per experiment: an experiment may be calling this registry at the same time.</summary>
    public Task ResumeAllAsync(CancellationToken cancellationToken = default)
    {
        foreach (var listing in state.State.Experiments.Values.Where(e => e.State == ExperimentState.Running))
            _ = ResumeAsync(listing.Id);
        return Task.CompletedTask;
    }

    private async Task ResumeAsync(string experimentId)
    {
        try
        {
            await GrainFactory.GetGrain<IExperimentGrain>(experimentId).ResumeAsync();
        }
        catch (Exception error)
        {
            LogResumeFailed(error, experimentId);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Re-driving experiment {Id} failed")]
    private partial void LogResumeFailed(Exception error, string id);
}
