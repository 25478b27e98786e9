using Grid.Learning.Audio;
using Grid.Learning.Training;

namespace Grid.Learning.Pretraining;

public enum PretrainMethod { Moco, Npid }

/// <summary>
/// One contrastive pretraining run over unlabelled clips. Hyperparameter defaults are the thesis's "base parameters"
/// of MoCo (v1: He et al. 2020) and NPID (Wu et al. 2018), with which it pretrains its ESResNet on FSD50K.
/// </summary>
public sealed partial record PretrainRequest
{
    public required string DatasetRoot { get; init; }
    /// <summary>us8k, esc50, fsd50k, ...: labels are ignored.</summary>
    public required string Layout { get; init; }
    /// <summary>Folds whose clips are used; empty means all. Pretraining on later test folds is the user's choice.</summary>
    public IReadOnlyList<int> Folds { get; init; } = [];
    public PretrainMethod Method { get; init; } = PretrainMethod.Moco;
    /// <summary>MoCo: 1 (default, the thesis's base MoCo: linear head, t = 0.07) or 2 (MLP head, t = 0.2).</summary>
    public int MocoVersion { get; init; } = 1;
    /// <summary>
    /// MoCo queue length K (65,536, as published and in the thesis). Any length: a queue longer than the clips holds
    /// several keys of one clip from earlier batches (the thesis's 65,536 keys over about 51k FSD50K clips did), and
    /// the run says so in <see cref="PretrainResult.Warnings"/>.
    /// </summary>
    public int QueueSize { get; init; } = 65536;
    /// <summary>MoCo key-encoder momentum m (0.999).</summary>
    public double KeyMomentum { get; init; } = 0.999;
    /// <summary>Softmax temperature; null takes the method's default (MoCo v1 0.07, v2 0.2, NPID 0.07).</summary>
    public double? Temperature { get; init; }
    /// <summary>Projection dimension (MoCo and NPID use 128).</summary>
    public int ProjectionDim { get; init; } = 128;
    /// <summary>NPID: noise samples per positive in NCE (4,096).</summary>
    public int NceNegatives { get; init; } = 4096;
    /// <summary>NPID: weight of the old memory-bank entry in its update (0.5).</summary>
    public double MemoryMomentum { get; init; } = 0.5;
    /// <summary>
    /// MoCo: BatchNorm of both encoders normalises groups of the batch separately, as the published 8-GPU runs did per
    /// GPU (8 groups of 32 in a batch of 256), and the key batch is shuffled before the key encoder so that its groups
    /// differ from the query's; without it the key encoder's batch statistics leak which clip is the positive.
    /// 8 by default; 1 disables it (whole-batch BatchNorm, no shuffle). See <see cref="Models.SplitBatchNorm2d"/>.
    /// </summary>
    public int BatchNormSplits { get; init; } = 8;
    public ModelOptions Model { get; init; } = new();
    /// <summary>
    /// The thesis's base MoCo optimisation: SGD lr 0.03, momentum 0.9, weight decay 1e-4, batch 256, 200 epochs, the
    /// rate ×0.1 at epochs 120 and 160 (multistep). A spec or caller that sets its own TrainingOptions gets that
    /// record's defaults for the fields it leaves out (cosine schedule, no milestones).
    /// </summary>
    public TrainingOptions Training { get; init; } = new()
    {
        LearningRate = 0.03, Momentum = 0.9, WeightDecay = 1e-4, BatchSize = 256, Epochs = 200,
        Schedule = ScheduleKind.Multistep, Milestones = [120, 160], StepGamma = 0.1,
    };
    public FeatureOptions Features { get; init; } = new();
    public long Seed { get; init; }
    public int Threads { get; init; } = 1;
    public int Device { get; init; }
    public string? CacheDirectory { get; init; }
    /// <summary>Threads decoding and resampling clips the waveform store misses; results do not depend on it.</summary>
    public int DataWorkers { get; init; } = 1;
    /// <summary>
    /// Threads preparing batches (MoCo's two views, NPID's one) ahead of the model; 0 prepares them on the run's
    /// thread. 1 by default (the runner sets Runner:BatchWorkers). Results do not depend on it, bit for bit.
    /// </summary>
    public int BatchWorkers { get; init; } = FoldJobRequest.DefaultBatchWorkers;
    public bool SkipBadClips { get; init; }
}
