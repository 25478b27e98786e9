using Grid.Grains.Specs;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;

namespace Grid.Grains;

/// <summary>
/// A study: plans one experiment per downstream dataset (<see cref="StudyPlanner"/>) and launches them together. The
/// pretraining runs they share are the content-keyed <see cref="IPretrainingGrain"/>s, so each runs once.
/// </summary>
public sealed partial class StudyGrain(
    [PersistentState("study", GridStorage.Name)] IPersistentState<StudyGrainState> state,
    TimeProvider clock,
    ILogger<StudyGrain> logger) : Grain, IStudyGrain
{
    private string Id => this.GetPrimaryKeyString();

    public async Task LaunchAsync(string studyJson, CancellationToken cancellationToken = default)
    {
        if (state.State.Listing is not null)
            throw new InvalidOperationException($"study {Id} was already launched");
        var experiments = StudyPlanner.Plan(Id, studyJson);
        state.State.Listing = new StudyListing(Id, StudyPlanner.Name(studyJson), studyJson,
            experiments.Select(e => new StudyDataset(e.Layout, e.ExperimentId)).ToArray(), clock.GetUtcNow());
        await state.WriteOrReloadAsync(this);
        await Task.WhenAll(experiments.Select(e => GrainFactory.GetGrain<IExperimentGrain>(e.ExperimentId).LaunchAsync(e.SpecJson, cancellationToken)));
        LogLaunched(Id, experiments.Count);
    }

    public Task<StudyListing> GetAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(state.State.Listing ?? throw new KeyNotFoundException($"no study {Id}"));

    [LoggerMessage(Level = LogLevel.Information, Message = "Study {Id} launched {Count} experiments")]
    private partial void LogLaunched(string id, int count);
}

[GenerateSerializer]
public sealed class StudyGrainState
{
    [Id(0)] public StudyListing? Listing { get; set; }
}
