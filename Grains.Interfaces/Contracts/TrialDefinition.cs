using Grid.Learning;
using Grid.Learning.Pretraining;
using Grid.Learning.Training;

namespace Grid.Grains;

/// <summary>One trial of a sweep: a point of the search space, run on every fold of the dataset.</summary>
[GenerateSerializer, Immutable]
public sealed record TrialDefinition(
    [property: Id(0)] string ExperimentId,
    [property: Id(1)] int Index,
    [property: Id(2)] IReadOnlyDictionary<string, string> Parameters,
    [property: Id(3)] IReadOnlyList<FoldDefinition> Folds)
{
    /// <summary>This trial with every fold's request typed (<see cref="FoldDefinition.WithTypedRequest"/>).</summary>
    // An array, not a collection expression: grain storage writes the runtime type's name, and the compiler's own
    // read-only list type cannot be read back.
    public TrialDefinition WithTypedRequests() => this with { Folds = Folds.Select(fold => fold.WithTypedRequest()).ToArray() };
}

/// <summary>
/// One fold job. <see cref="Request"/> is the learning library's request with an empty dataset root, filled in by the
/// runner once the dataset is on its disk.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record FoldDefinition(
    [property: Id(0)] int Fold,
    [property: Id(8)] FoldJobRequest Request,
    [property: Id(2)] string DatasetLocation,
    [property: Id(3)] int Epochs,
    [property: Id(4)] int Retries,
    [property: Id(5)] int Devices,
    [property: Id(6)] Accelerator Accelerator,
    [property: Id(7)] PretrainingDefinition? Pretraining)
{
    /// <summary>The request as JSON, as state stored before requests were typed holds it; <see cref="WithTypedRequest"/> reads it.</summary>
    [Id(1), Obsolete("State stored before requests were typed; read it through WithTypedRequest.")]
    public string? RequestJson { get; init; }

    /// <summary>
    /// This definition with <see cref="Request"/> read from a stored <see cref="RequestJson"/> (grains call it on
    /// activation), its pretraining's too; itself when already typed.
    /// </summary>
#pragma warning disable CS0618 // reads the obsolete field, which is what it is for
    public FoldDefinition WithTypedRequest() =>
        (Request is null && RequestJson is { } json
            ? this with { Request = RequestFormat.Deserialize<FoldJobRequest>(json), RequestJson = null }
            : this) with { Pretraining = Pretraining?.WithTypedRequest() };
#pragma warning restore CS0618

    /// <summary>
    /// With a stopping rule on: the fold's 1-based position in the dataset's fold list, by which the scheduler hands out
    /// fold 1 of every trial before fold 2 of any; 0 (the default) when folds are not interleaved.
    /// </summary>
    [Id(9)] public int InterleavedPosition { get; init; }
}

/// <summary>A pretraining run shared by every trial whose content hash (<see cref="Key"/>) matches.</summary>
[GenerateSerializer, Immutable]
public sealed record PretrainingDefinition(
    [property: Id(0)] string Key,
    [property: Id(7)] PretrainRequest Request,
    [property: Id(2)] string DatasetLocation,
    [property: Id(3)] int Epochs,
    [property: Id(4)] int Retries,
    [property: Id(5)] int Devices,
    [property: Id(6)] Accelerator Accelerator)
{
    /// <summary>The request as JSON, as state stored before requests were typed holds it; <see cref="WithTypedRequest"/> reads it.</summary>
    [Id(1), Obsolete("State stored before requests were typed; read it through WithTypedRequest.")]
    public string? RequestJson { get; init; }

    /// <summary>This definition with <see cref="Request"/> read from a stored <see cref="RequestJson"/>; itself when already typed.</summary>
#pragma warning disable CS0618 // reads the obsolete field, which is what it is for
    public PretrainingDefinition WithTypedRequest() =>
        Request is null && RequestJson is { } json
            ? this with { Request = RequestFormat.Deserialize<PretrainRequest>(json), RequestJson = null }
            : this;
#pragma warning restore CS0618
}

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
