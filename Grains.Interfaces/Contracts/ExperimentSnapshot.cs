namespace Grid.Grains;

public enum ExperimentState { Running, Succeeded, Failed, Cancelled }

/// <summary>An experiment's whole state for the console: trials in index order, leaderboard order by the client.</summary>
[GenerateSerializer, Immutable]
public sealed record ExperimentSnapshot(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] ExperimentState State,
    [property: Id(3)] DateTimeOffset CreatedAt,
    [property: Id(4)] IReadOnlyList<TrialSummary> Trials,
    [property: Id(5)] int MaxConcurrentTrials,
    [property: Id(6)] int EpochsPerFold)
{
    /// <summary>Every decision of the sweep's stopping rule, in the order taken, with its evidence.</summary>
    [Id(7)] public IReadOnlyList<StopDecision> StopDecisions { get; init; } = [];

    /// <summary>Trials a user ran to the end after they were stopped (<c>sweep retry --stopped</c>): their decisions are undone.</summary>
    [Id(8)] public IReadOnlyList<int> RunToEnd { get; init; } = [];

    /// <summary>The decisions in force: those of trials not run to the end.</summary>
    public IEnumerable<StopDecision> ActiveStops => StopDecisions.Where(d => !RunToEnd.Contains(d.TrialIndex));
}

[GenerateSerializer, Immutable]
public sealed record ExperimentListing(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] ExperimentState State,
    [property: Id(3)] DateTimeOffset CreatedAt);
