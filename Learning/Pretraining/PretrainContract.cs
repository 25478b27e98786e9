using Grid.Learning.Audio;
using Grid.Learning.Training;

namespace Grid.Learning.Pretraining;

public enum PretrainMethod { Moco, Npid }

/// <summary>One contrastive pretraining run over unlabelled clips. Hyperparameter defaults are the published ones.</summary>
public sealed record PretrainRequest
{
    public required string DatasetRoot { get; init; }
    /// <summary>us8k, esc50, fsd50k, ...: labels are ignored.</summary>
    public required string Layout { get; init; }
    /// <summary>Folds whose clips are used; empty means all. Pretraining on later test folds is the user's choice.</summary>
    public IReadOnlyList<int> Folds { get; init; } = [];
    public PretrainMethod Method { get; init; } = PretrainMethod.Moco;
    /// <summary>MoCo: 2 (MLP head, t = 0.2) or 1 (linear head, t = 0.07).</summary>
    public int MocoVersion { get; init; } = 2;
    /// <summary>MoCo queue length K; a multiple of the batch size, at most the number of clips.</summary>
    public int QueueSize { get; init; } = 65536;
    /// <summary>MoCo key-encoder momentum m.</summary>
    public double KeyMomentum { get; init; } = 0.999;
    /// <summary>Softmax temperature; null takes the method's default (MoCo v2 0.2, v1 0.07, NPID 0.07).</summary>
    public double? Temperature { get; init; }
    /// <summary>Projection dimension (MoCo and NPID use 128).</summary>
    public int ProjectionDim { get; init; } = 128;
    /// <summary>NPID: noise samples per positive in NCE.</summary>
    public int NceNegatives { get; init; } = 4096;
    /// <summary>NPID: memory-bank update momentum.</summary>
    public double MemoryMomentum { get; init; } = 0.5;
    public ModelOptions Model { get; init; } = new();
    /// <summary>SGD lr 0.03, momentum 0.9, weight decay 1e-4, cosine schedule, as published for MoCo.</summary>
    public TrainingOptions Training { get; init; } = new() { LearningRate = 0.03, Epochs = 200, BatchSize = 256 };
    public FeatureOptions Features { get; init; } = new();
    public long Seed { get; init; }
    public int Threads { get; init; } = 1;
    public int Device { get; init; }
    public string? CacheDirectory { get; init; }
    /// <summary>Threads decoding and resampling clips the waveform store misses; results do not depend on it.</summary>
    public int DataWorkers { get; init; } = 1;
    public bool SkipBadClips { get; init; }
}

public sealed record PretrainResult(IReadOnlyList<double> EpochLosses)
{
    /// <summary>Clips skipped because they could not be decoded (SkipBadClips), as "path: reason".</summary>
    public IReadOnlyList<string> SkippedClips { get; init; } = [];
}

/// <summary>What a pretraining run tells its host after each epoch. Called on the run's own thread.</summary>
public interface IPretrainObserver
{
    /// <summary>An epoch has finished; <paramref name="writeCheckpoint"/> writes a resumable checkpoint (the final one is the encoder that fold jobs start from).</summary>
    void EpochCompleted(int epoch, double loss, Action<Stream> writeCheckpoint);

    /// <summary>How the first build of the run's waveform store goes, at most every two seconds; ignored unless implemented.</summary>
    void DataProgress(Data.StoreProgress progress) { }
}
