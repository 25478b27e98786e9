namespace Grid.Grains;

/// <summary>One trial of a sweep: a point of the search space, run on every fold of the dataset.</summary>
[GenerateSerializer, Immutable]
public sealed record TrialDefinition(
    [property: Id(0)] string ExperimentId,
    [property: Id(1)] int Index,
    [property: Id(2)] IReadOnlyDictionary<string, string> Parameters,
    [property: Id(3)] IReadOnlyList<FoldDefinition> Folds);

/// <summary>
/// One fold job. <see cref="RequestJson"/> is the learning library's FoldJobRequest as JSON with an empty
/// dataset root, filled in by the runner once the dataset is on its disk.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record FoldDefinition(
    [property: Id(0)] int Fold,
    [property: Id(1)] string RequestJson,
    [property: Id(2)] string DatasetLocation,
    [property: Id(3)] int Epochs,
    [property: Id(4)] int Retries,
    [property: Id(5)] int Devices,
    [property: Id(6)] Accelerator Accelerator,
    [property: Id(7)] PretrainingDefinition? Pretraining);

/// <summary>A pretraining run shared by every trial whose content hash (<see cref="Key"/>) matches.</summary>
[GenerateSerializer, Immutable]
public sealed record PretrainingDefinition(
    [property: Id(0)] string Key,
    [property: Id(1)] string RequestJson,
    [property: Id(2)] string DatasetLocation,
    [property: Id(3)] int Epochs,
    [property: Id(4)] int Retries,
    [property: Id(5)] int Devices,
    [property: Id(6)] Accelerator Accelerator);

/// <summary>A pretraining run's state; Cancelled: every fold that waited for it was cancelled (its checkpoint is kept).</summary>
public enum PretrainingState { NotStarted, Queued, Running, Succeeded, Failed, Cancelled }

[GenerateSerializer, Immutable]
public sealed record PretrainingStatus(
    [property: Id(0)] string Key,
    [property: Id(1)] PretrainingState State,
    [property: Id(2)] int CompletedEpochs,
    [property: Id(3)] string? CheckpointBlob,
    [property: Id(4)] string? Error)
{
    /// <summary>The run's result blob, named by the lease that reported it; null before it succeeded (or in older state).</summary>
    [Id(5)] public string? ArtifactsBlob { get; init; }
}
