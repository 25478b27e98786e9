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
    [property: Id(6)] int EpochsPerFold);

[GenerateSerializer, Immutable]
public sealed record ExperimentListing(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] ExperimentState State,
    [property: Id(3)] DateTimeOffset CreatedAt);
