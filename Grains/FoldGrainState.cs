namespace Grid.Grains;

/// <summary>A fold's stored state: metadata and blob references only.</summary>
[GenerateSerializer]
public sealed class FoldGrainState
{
    [Id(0)] public FoldDefinition? Definition { get; set; }
    [Id(1)] public FoldState State { get; set; }
    /// <summary>Failed runs (exceptions, NaN loss, bad files); interruptions by a lost silo are not counted.</summary>
    [Id(2)] public int Attempts { get; set; }
    [Id(3)] public int Interruptions { get; set; }
    [Id(4)] public Guid? LeaseId { get; set; }
    [Id(5)] public string? Silo { get; set; }
    [Id(6)] public int? Device { get; set; }
    [Id(7)] public List<double> EpochAccuracies { get; set; } = [];
    [Id(8)] public string? CheckpointBlob { get; set; }
    [Id(9)] public string? ArtifactsBlob { get; set; }
    [Id(10)] public string? Error { get; set; }
    [Id(11)] public string? PretrainingCheckpointBlob { get; set; }
    [Id(12)] public int ResumedFromEpoch { get; set; }
    [Id(13)] public double EpochSeconds { get; set; }
    /// <summary>
    /// Increases with every change, so that the trial can drop out-of-order notifications: the clock's Unix milliseconds at the change,
    /// or one more than before, whichever is larger (so that it grows even when storage loses the latest writes).
    /// </summary>
    [Id(14)] public long Version { get; set; }
    /// <summary>Losses of the latest epoch.</summary>
    [Id(15)] public double TrainLoss { get; set; }
    [Id(16)] public double ValidationLoss { get; set; }
    /// <summary>Test accuracy per epoch on a fixed split's test split; empty under cross-validation.</summary>
    [Id(17)] public List<double> TestAccuracies { get; set; } = [];
    /// <summary>Seconds of the latest epoch the job waited for data.</summary>
    [Id(18)] public double DataWaitSeconds { get; set; }
    /// <summary>Why a stopping rule cancelled the fold (its decision's reason); null unless it was stopped.</summary>
    [Id(19)] public string? StopReason { get; set; }
    /// <summary>The checkpoint of the best epoch (highest validation accuracy, the first on a tie), kept by checkpoint retention.</summary>
    [Id(20)] public string? BestCheckpointBlob { get; set; }
    [Id(21)] public double BestAccuracy { get; set; }
    /// <summary>
    /// The authoritative metrics blob of each epoch (index 0 = epoch 1): the one reported under the lease the fold
    /// accepted. Blobs a runner wrote under a lease it had lost are never named here.
    /// </summary>
    [Id(22)] public List<string> EpochMetricsBlobs { get; set; } = [];
    /// <summary>Which validation clips the best epoch's model classified right (the paired rule's first-fold look compares them).</summary>
    [Id(23)] public byte[]? BestCorrectClips { get; set; }
}
