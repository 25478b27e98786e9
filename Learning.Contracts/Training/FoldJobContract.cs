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
    /// <summary>Batch-preparing threads of a job unless the runner says otherwise (Runner:BatchWorkers).</summary>
    public const int DefaultBatchWorkers = 1;

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
    public int BatchWorkers { get; init; } = DefaultBatchWorkers;
    /// <summary>Skip unreadable clips with a warning instead of failing the job.</summary>
    public bool SkipBadClips { get; init; }
}
