namespace Grid.Learning.Training;

/// <summary>Validation metrics after one epoch (and the test accuracy, on a fixed split).</summary>
public sealed record EpochMetrics(
    int Epoch,
    double TrainLoss,
    double ValidationLoss,
    double Accuracy,
    double[] Precision,
    double[] Recall,
    double[] F1,
    int[][] Confusion,
    double Seconds)
{
    /// <summary>Accuracy on a fixed split's test split after this epoch (GTZAN held out at its validation split); null under cross-validation.</summary>
    public double? TestAccuracy { get; init; }

    /// <summary>
    /// Seconds of the epoch the job's thread spent waiting for data: for prepared training batches, and making the
    /// evaluation windows' features (<see cref="DataWaitClock"/>). Its share of <see cref="Seconds"/> is "data wait %".
    /// </summary>
    public double DataWaitSeconds { get; init; }

    /// <summary>Which validation clips the epoch's model classified right (<see cref="CorrectClipBits"/>); null where no clips were classified.</summary>
    public byte[]? CorrectClips { get; init; }
}

public sealed record FoldPredictions(string[] Clips, int[] Labels, int[] Predicted, float[][] Embeddings);

public sealed record FoldResult(
    string[] Classes,
    IReadOnlyList<EpochMetrics> Epochs,
    int BestEpoch,
    double BestAccuracy,
    int? ChosenK,
    FoldPredictions BestPredictions)
{
    /// <summary>Clips skipped because they could not be decoded (SkipBadClips), as "path: reason".</summary>
    public IReadOnlyList<string> SkippedClips { get; init; } = [];

    /// <summary>
    /// Where the encoder came from: "scratch", "weights file NAME", or a pretraining's method and corpus such as
    /// "MoCo v1 (fsd50k)" or "NPID (fsd50k)" (<see cref="EncoderInitialisation.Describe"/>); "unknown" when not recorded.
    /// </summary>
    public string Initialisation { get; init; } = "unknown";

    /// <summary>A fixed split's result: test accuracy of the model from the best validation epoch; null under cross-validation.</summary>
    public double? TestAccuracyAtBest => BestEpoch >= 1 && BestEpoch <= Epochs.Count ? Epochs[BestEpoch - 1].TestAccuracy : null;
}

/// <summary>What a fold job tells its host after each epoch. Called on the job's own thread.</summary>
public interface IFoldJobObserver
{
    /// <summary>
    /// An epoch has finished. <paramref name="writeCheckpoint"/> writes everything needed to resume
    /// after this epoch to a stream; call it before returning, on this thread.
    /// </summary>
    void EpochCompleted(EpochMetrics metrics, Action<Stream> writeCheckpoint);

    /// <summary>How the first build of the job's waveform store goes, at most every two seconds; ignored unless implemented.</summary>
    void DataProgress(Data.StoreProgress progress) { }
}

// The entry points (implemented in Learning/Training/FoldJob.cs and Learning/Pretraining/PretrainJob.cs):
//   FoldResult FoldJob.Run(FoldJobRequest request, Stream? resumeFrom, IFoldJobObserver observer, CancellationToken cancellationToken)
//   PretrainResult PretrainJob.Run(PretrainRequest request, Stream? resumeFrom, IPretrainObserver observer, CancellationToken cancellationToken)
// Both run synchronously on the caller's thread (a dedicated one: never a thread-pool or grain turn),
// honour cancellation between batches by throwing OperationCanceledException, and resume after the
// last completed epoch when given a checkpoint that an earlier observer call wrote.
