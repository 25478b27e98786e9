using Grid.Learning.Models;
using Grid.Learning.Runtime;
using Grid.Learning.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Grid.Learning.Pretraining;

/// <summary>MoCo or NPID behind one face: the encoder being pretrained, its trainable parameters and one batch's loss.</summary>
public sealed class ContrastiveModel : IDisposable
{
    private readonly Moco? moco;
    private readonly Npid? npid;

    private ContrastiveModel(Moco? moco, Npid? npid, Encoder encoder)
    {
        this.moco = moco;
        this.npid = npid;
        Encoder = encoder;
    }

    /// <summary>Builds the request's method over <paramref name="clipCount"/> training clips, on <paramref name="device"/>.</summary>
    public static ContrastiveModel Create(PretrainRequest request, int clipCount, Device device)
    {
        var embeddingDim = ResNetArchitecture.Parse(request.Model.Architecture).EmbeddingDim(request.Model.Width);
        var encoderSeed = Seeds.Derive(request.Seed, "encoder");
        var headSeed = Seeds.Derive(request.Seed, "heads");
        if (request.Method == PretrainMethod.Moco)
        {
            ValidateQueue(request, clipCount);
            var splits = request.BatchNormSplits;
            if (splits < 1) throw new ArgumentException($"BatchNormSplits must be at least 1, got {splits}", nameof(request));
            Func<long, nn.Module<Tensor, Tensor>>? normalisation = splits > 1 ? channels => new SplitBatchNorm2d(channels, splits) : null;
            var moco = new Moco(() => EncoderFactory.Create(request.Model, encoderSeed, normalisation), embeddingDim, request.MocoVersion,
                request.QueueSize, request.KeyMomentum, request.Temperature, request.ProjectionDim, headSeed, shuffleKeys: splits > 1);
            moco.to(device);
            return new ContrastiveModel(moco, null, (Encoder)moco.QueryEncoder);
        }
        var encoder = EncoderFactory.Create(request.Model, encoderSeed);
        var npid = new Npid(encoder, embeddingDim, clipCount, request.NceNegatives, request.Temperature ?? 0.07,
            request.MemoryMomentum, request.ProjectionDim, headSeed);
        npid.to(device);
        return new ContrastiveModel(null, npid, (Encoder)npid.Encoder);
    }

    /// <summary>The query encoder (MoCo) or the encoder (NPID): what fold jobs start from.</summary>
    public Encoder Encoder { get; }

    /// <summary>The softmax temperature in use (the method's default when the request left it null).</summary>
    public double Temperature => moco?.Temperature ?? npid!.Temperature;

    /// <summary>The whole method's state: encoders, heads, and the MoCo queue or NPID memory bank.</summary>
    public nn.Module Module => (nn.Module?)moco ?? npid!;

    public IEnumerable<Parameter> TrainableParameters() => moco?.TrainableParameters() ?? npid!.TrainableParameters();

    /// <summary>MoCo drops a trailing partial batch (its queue takes whole batches); NPID only a single clip (BatchNorm).</summary>
    public int MinimumBatch(int batchSize) => moco is not null ? batchSize : 2;

    /// <summary>Augmented views each batch needs: MoCo's query and key views, NPID's one.</summary>
    public int Views => moco is not null ? 2 : 1;

    /// <summary>
    /// The loss of one prepared batch (<see cref="Views"/> views, <see cref="TrainingBatches"/>), in training mode on
    /// <paramref name="device"/> (updates the queue or memory bank as a side effect).
    /// </summary>
    public Tensor Loss(AugmentedBatch batch, Device device)
    {
        if (batch.Views.Length != Views) throw new ArgumentException($"{batch.Views.Length} views prepared, {Views} needed", nameof(batch));
        Module.train();
        if (moco is not null)
        {
            using var queries = batch.Views[0].to(device);   // N×3×mels×frames, view 1
            using var keys = batch.Views[1].to(device);      // N×3×mels×frames, view 2
            return moco.call(queries, keys);
        }
        using var view = batch.Views[0].to(device);
        using var indices = tensor(batch.Clips.Select(i => (long)i).ToArray(), device: device);
        return npid!.call(view, indices);
    }

    /// <summary>Re-seeds the method's own random draws (NPID's noise, MoCo's key-batch order) for an epoch.</summary>
    public void BeginEpoch(long seed, int epoch)
    {
        npid?.NoiseGenerator.manual_seed(EpochPlan.TorchSeed(seed, epoch));
        moco?.ShuffleGenerator.manual_seed(EpochPlan.TorchSeed(Seeds.Derive(seed, "key-shuffle"), epoch));
    }

    /// <summary>
    /// NPID only: fills the memory bank with the untrained network's features of every clip (centred views, batch
    /// statistics) instead of random vectors, so that Z, estimated on the first batch, matches the similarities
    /// training will meet. With a few hundred clips a random bank gives a Z that makes every noise term explode.
    /// </summary>
    public void Prepare(LoadedClips clips, FeaturePipeline pipeline, int batchSize)
    {
        if (npid is null) return;
        npid.train();
        using var _ = no_grad();
        var parts = new List<Tensor>();
        foreach (var batch in EpochPlan.InOrder(clips.Count, batchSize))
        {
            using var scope = NewDisposeScope();
            var view = pipeline.Centred(batch.Select(i => clips.Waveforms[i]));
            parts.Add(npid.Project(view).MoveToOuterDisposeScope());
        }
        using var features = cat(parts, 0);   // n×C
        foreach (var part in parts) part.Dispose();
        npid.FillMemory(features);
    }

    /// <summary>A queue longer than the clips is allowed (<see cref="CorpusFit"/> warns about it); the enqueue needs whole batches.</summary>
    private static void ValidateQueue(PretrainRequest request, int clipCount)
    {
        if (request.QueueSize < 1)
            throw new ArgumentException($"QueueSize must be at least 1, got {request.QueueSize}", nameof(request));
        if (request.QueueSize % request.Training.BatchSize != 0)
            throw new ArgumentException($"QueueSize {request.QueueSize} must be a multiple of BatchSize {request.Training.BatchSize}", nameof(request));
        if (clipCount < request.Training.BatchSize)
            throw new ArgumentException($"BatchSize {request.Training.BatchSize} exceeds the {clipCount} training clips; MoCo trains on full batches only", nameof(request));
    }

    public void Dispose() => Module.Dispose();
}
