namespace Grid.Grains;

public enum FoldState { Queued, WaitingForPretraining, Running, Succeeded, Failed, Cancelled }

public static class FoldStates
{
    public static bool IsTerminal(this FoldState state) =>
        state is FoldState.Succeeded or FoldState.Failed or FoldState.Cancelled;
}

/// <summary>A fold job's public state: the trial aggregates these. <c>Device</c> is the CUDA device it runs on, or -1 on a CPU slot.</summary>
[GenerateSerializer, Immutable]
public sealed record FoldStatus(
    [property: Id(0)] string Key,
    [property: Id(1)] int Fold,
    [property: Id(2)] FoldState State,
    [property: Id(3)] int Attempts,
    [property: Id(4)] int Interruptions,
    [property: Id(5)] string? Silo,
    [property: Id(6)] int? Device,
    [property: Id(7)] IReadOnlyList<double> EpochAccuracies,
    [property: Id(8)] int TotalEpochs,
    [property: Id(9)] string? CheckpointBlob,
    [property: Id(10)] string? ArtifactsBlob,
    [property: Id(11)] string? Error,
    [property: Id(12)] int ResumedFromEpoch,
    [property: Id(13)] double EpochSeconds,
    [property: Id(14)] long Version,
    [property: Id(15)] double TrainLoss,
    [property: Id(16)] double ValidationLoss)
{
    /// <summary>Test accuracy after each epoch (index 0 = epoch 1) on a fixed split's test split; empty under cross-validation.</summary>
    [Id(17)] public IReadOnlyList<double> TestAccuracies { get; init; } = [];

    /// <summary>Seconds of the latest epoch the job's thread waited for data (of <see cref="EpochSeconds"/>).</summary>
    [Id(18)] public double DataWaitSeconds { get; init; }

    /// <summary>Why a stopping rule stopped the fold (state Cancelled); null unless it was stopped.</summary>
    [Id(19)] public string? StopReason { get; init; }

    /// <summary>Which validation clips the best epoch's model classified right (Grid.Learning's <c>CorrectClipBits</c>); null before an epoch or where none were reported.</summary>
    [Id(20)] public byte[]? BestCorrectClips { get; init; }

    /// <summary>True for a fold a stopping rule cancelled (shown as "stopped").</summary>
    public bool IsStopped => State == FoldState.Cancelled && StopReason is not null;

    /// <summary>"data wait %" of the latest epoch as a fraction; null before an epoch is timed.</summary>
    public double? DataWaitShare => EpochSeconds > 0 ? Math.Clamp(DataWaitSeconds / EpochSeconds, 0, 1) : null;
}
