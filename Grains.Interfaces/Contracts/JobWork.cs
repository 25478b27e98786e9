using Grid.Learning.Pretraining;
using Grid.Learning.Training;

namespace Grid.Grains;

/// <summary>
/// What a job grain hands the runner that holds its lease: the resolved request (without local paths: a fold's
/// <see cref="FoldRequest"/> or a pretraining's <see cref="PretrainRequest"/>, as <see cref="Kind"/> says) and the
/// blobs to start from.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record JobWork(
    [property: Id(0)] JobKind Kind,
    [property: Id(2)] string DatasetLocation,
    [property: Id(3)] string? ResumeCheckpointBlob,
    [property: Id(4)] int CompletedEpochs,
    [property: Id(5)] string? InitCheckpointBlob,
    [property: Id(6)] int Attempt)
{
    /// <summary>A fold job's request; null for a pretraining.</summary>
    [Id(7)] public FoldJobRequest? FoldRequest { get; init; }

    /// <summary>A pretraining's request; null for a fold job.</summary>
    [Id(8)] public PretrainRequest? PretrainRequest { get; init; }

    /// <summary>The checkpoint of the best epoch so far (highest validation accuracy; folds only), kept by checkpoint retention.</summary>
    [Id(9)] public string? BestCheckpointBlob { get; init; }

    /// <summary>The validation accuracy of <see cref="BestCheckpointBlob"/>.</summary>
    [Id(10)] public double BestAccuracy { get; init; }
}

/// <summary>One finished epoch, reported by the runner after its checkpoint is stored (under a blob name its lease owns).</summary>
[GenerateSerializer, Immutable]
public sealed record EpochReport(
    [property: Id(0)] int Epoch,
    [property: Id(1)] double TrainLoss,
    [property: Id(2)] double ValidationLoss,
    [property: Id(3)] double Accuracy,
    [property: Id(4)] double Seconds,
    [property: Id(5)] string CheckpointBlob)
{
    /// <summary>Accuracy on a fixed split's test split (GTZAN held out at its validation split); null under cross-validation.</summary>
    [Id(6)] public double? TestAccuracy { get; init; }

    /// <summary>Seconds of the epoch the job's thread waited for data; its share of <see cref="Seconds"/> is "data wait %".</summary>
    [Id(7)] public double DataWaitSeconds { get; init; }

    /// <summary>The blob of the epoch's metrics (folds; null for pretraining), named under the reporting lease.</summary>
    [Id(8)] public string? MetricsBlob { get; init; }

    /// <summary>Which validation clips the epoch's model classified right (Grid.Learning's <c>CorrectClipBits</c>); null for pretraining.</summary>
    [Id(9)] public byte[]? CorrectClips { get; init; }
}

/// <summary>A finished job: its best epoch and where its artifacts are stored.</summary>
[GenerateSerializer, Immutable]
public sealed record JobOutcome(
    [property: Id(0)] int BestEpoch,
    [property: Id(1)] double BestAccuracy,
    [property: Id(2)] string ArtifactsBlob);
