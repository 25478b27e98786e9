using Grid.Learning.Audio;

namespace Grid.Learning.Training;

/// <summary>The thesis's downstream protocols.</summary>
public enum Protocol { Finetune, Freeze, Knn, Scratch, Pretrained }

public sealed partial record ModelOptions
{
    /// <summary>resnet18, resnet34 or resnet50 (the thesis's ESResNet default).</summary>
    public string Architecture { get; init; } = "resnet50";
    /// <summary>Channels of the first stage; 64 is torchvision's ResNet, 16 suits CPU-scale runs.</summary>
    public int Width { get; init; } = 64;
}

public sealed partial record TrainingOptions
{
    /// <summary>The thesis trains 30 epochs and reports the best one.</summary>
    public int Epochs { get; init; } = 30;
    public int BatchSize { get; init; } = 32;
    /// <summary>sgd (with momentum) or adam.</summary>
    public OptimizerKind Optimizer { get; init; } = OptimizerKind.Sgd;
    public double LearningRate { get; init; } = 0.01;
    public double Momentum { get; init; } = 0.9;
    public double WeightDecay { get; init; } = 1e-4;
    /// <summary>cosine, step, multistep or constant.</summary>
    public ScheduleKind Schedule { get; init; } = ScheduleKind.Cosine;
    public int WarmupEpochs { get; init; }
    /// <summary>Step schedule: multiply the rate by StepGamma every StepSize epochs.</summary>
    public int StepSize { get; init; } = 10;
    /// <summary>Step and multistep schedules: the factor applied at each step or milestone (0.1).</summary>
    public double StepGamma { get; init; } = 0.1;
    /// <summary>
    /// Multistep schedule: 0-based epochs from which the rate is multiplied by StepGamma once more, as PyTorch's
    /// MultiStepLR and MoCo's main_moco.py (the thesis's MoCo: [120, 160] of 200 epochs); during a warm-up the warm-up
    /// rules. Strictly increasing and positive; empty by default.
    /// </summary>
    public IReadOnlyList<int> Milestones { get; init; } = [];
    /// <summary>kNN: temperature of the exp(sim/t) vote weights.</summary>
    public double KnnTemperature { get; init; } = 0.1;
    /// <summary>
    /// kNN: candidate K values, chosen by cross-validation inside the training folds. The default includes the
    /// thesis's reported choices (K = 35, 200, 18, 35).
    /// </summary>
    public IReadOnlyList<int> KnnCandidates { get; init; } = [1, 5, 10, 18, 20, 35, 50, 100, 200];
    /// <summary>Training augmentation: random pitch shift of up to this many semitones either way; 0 disables it.</summary>
    public double PitchShiftSemitones { get; init; }
    /// <summary>Training augmentation: SpecAugment time and frequency masks after normalisation.</summary>
    public bool SpecAugment { get; init; } = true;
}

/// <summary>Everything one fold job needs. A fold job is a plain function of this, the dataset and an optional checkpoint.</summary>
public sealed partial record FoldJobRequest
{
    /// <summary>Local folder holding the dataset in its published layout.</summary>
    public required string DatasetRoot { get; init; }
    /// <summary>us8k, esc50, gtzan or dcase2013.</summary>
    public required string Layout { get; init; }
    /// <summary>The held-out (validation) fold, 1-based.</summary>
    public required int Fold { get; init; }
    public required Protocol Protocol { get; init; }
    /// <summary>Pretraining checkpoint (finetune, freeze, knn) or weights file (pretrained).</summary>
    public string? InitPath { get; init; }
    public ModelOptions Model { get; init; } = new();
    public TrainingOptions Training { get; init; } = new();
    public FeatureOptions Features { get; init; } = new();
    public long Seed { get; init; }
    /// <summary>Intra-op threads for this job.</summary>
    public int Threads { get; init; } = 1;
    /// <summary>CUDA device index when the machine has one; ignored on CPU.</summary>
    public int Device { get; init; }
    /// <summary>Folder of the waveform stores (decoded, resampled clips shared by jobs); null uses a temporary store deleted after the job.</summary>
    public string? CacheDirectory { get; init; }
    /// <summary>Threads decoding and resampling clips the waveform store misses; results do not depend on it. 1 by default (the runner sets Runner:DataWorkers).</summary>
    public int DataWorkers { get; init; } = 1;
    /// <summary>
    /// Threads preparing training batches ahead of the model (<see cref="TrainingBatches"/>); 0 prepares them on the
    /// job's thread. 1 by default (the runner sets Runner:BatchWorkers). Results do not depend on it, bit for bit.
    /// </summary>
    public int BatchWorkers { get; init; } = TrainingBatches.DefaultWorkers;
    /// <summary>Skip unreadable clips with a warning instead of failing the job.</summary>
    public bool SkipBadClips { get; init; }
}

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
