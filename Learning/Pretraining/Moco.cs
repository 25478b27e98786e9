using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Grid.Learning.Pretraining;

/// <summary>
/// Momentum Contrast (He et al. 2020; v2: Chen et al. 2020). A query encoder learns by back-propagation, a key
/// encoder follows it as an exponential moving average, and a queue of past keys supplies the negatives.
/// Forward takes two augmented views (N×3×mels×frames each) and returns the InfoNCE loss; in training mode it
/// also updates the key encoder and enqueues the batch's keys. On one device, MoCo's shuffling BatchNorm becomes
/// shuffling the key batch (<c>shuffleKeys</c>) before an encoder whose BatchNorm normalises groups of the batch
/// (<see cref="Models.SplitBatchNorm2d"/>), and unshuffling the keys after it.
/// </summary>
public sealed class Moco : Module<Tensor, Tensor, Tensor>
{
    private readonly Module<Tensor, Tensor> encoder_q;
    private readonly Module<Tensor, Tensor> head_q;
    private readonly Module<Tensor, Tensor> encoder_k;
    private readonly Module<Tensor, Tensor> head_k;
    private readonly Tensor queue;       // K×C, L2-normalised keys, oldest overwritten first
    private readonly Tensor queue_ptr;   // scalar int64: the next row to overwrite

    /// <param name="createEncoder">Builds a fresh encoder producing N×D; called twice (query and key).</param>
    /// <param name="embeddingDim">D, the encoder's output width.</param>
    /// <param name="version">2 (default): MLP head D→D→C, t = 0.2. 1: linear head D→C, t = 0.07.</param>
    /// <param name="queueSize">K, negatives kept (published 65536); a multiple of every batch size.</param>
    /// <param name="momentum">m of the key-encoder update (published 0.999).</param>
    /// <param name="temperature">Softmax temperature; null takes the version's published value.</param>
    /// <param name="projectionDim">C, the contrastive space's width (published 128).</param>
    /// <param name="seed">Draws the heads' weights and the initial (random, normalised) queue.</param>
    /// <param name="shuffleKeys">
    /// Feed the key encoder the batch in a random order (<see cref="ShuffleGenerator"/>) and restore the order of its
    /// keys, so that an encoder with split BatchNorm puts each clip's query and key in different groups. Off by
    /// default (it changes nothing with whole-batch BatchNorm).
    /// </param>
    public Moco(Func<Module<Tensor, Tensor>> createEncoder, long embeddingDim, int version = 2, int queueSize = 65536,
        double momentum = 0.999, double? temperature = null, int projectionDim = 128, long seed = 0, bool shuffleKeys = false)
        : base(nameof(Moco))
    {
        PretrainRequest.MocoVersionRange.Require(version, nameof(version));
        PretrainRequest.QueueSizeRange.Require(queueSize, nameof(queueSize));
        PretrainRequest.KeyMomentumRange.Require(momentum, nameof(momentum));
        Version = version;
        Momentum = momentum;
        ShufflesKeys = shuffleKeys;
        Temperature = temperature ?? (version == 2 ? 0.2 : 0.07);
        PretrainRequest.TemperatureRange.Require(Temperature, nameof(temperature));

        using var generator = new Generator(unchecked((ulong)seed));
        encoder_q = createEncoder();
        head_q = CreateHead(embeddingDim, projectionDim, generator);
        encoder_k = createEncoder();
        head_k = CreateHead(embeddingDim, projectionDim, generator);
        using var initialQueue = randn([queueSize, projectionDim], generator: generator);
        queue = nn.functional.normalize(initialQueue, dim: 1);
        queue_ptr = zeros(Array.Empty<long>(), dtype: ScalarType.Int64);
        RegisterComponents();

        using (no_grad())
        {
            foreach (var (query, key) in QueryKeyParameterPairs())
            {
                key.copy_(query);
                key.requires_grad = false;
            }
        }
    }

    /// <summary>Draws the key batch's order when <see cref="ShufflesKeys"/>; re-seed it (e.g. per epoch) for reproducible runs.</summary>
    public Generator ShuffleGenerator { get; } = new(0);

    public bool ShufflesKeys { get; }

    public int Version { get; }
    public double Momentum { get; }
    public double Temperature { get; }
    public long QueueSize => queue.shape[0];
    public long QueuePointer => queue_ptr.item<long>();

    /// <summary>The encoder that downstream protocols start from.</summary>
    public Module<Tensor, Tensor> QueryEncoder => encoder_q;

    /// <summary>A copy of the queue of negatives, K×C.</summary>
    public Tensor QueueSnapshot() => queue.detach().clone();

    public override Tensor forward(Tensor queryView, Tensor keyView)
    {
        using var queries = nn.functional.normalize(head_q.call(encoder_q.call(queryView)), dim: 1);   // N×C
        using var keys = ComputeKeys(keyView);                                                       // N×C
        using var logits = InfoNce.Logits(queries, keys, queue.detach().clone(), Temperature);              // logits: N×(1+K)
        var loss = InfoNce.Loss(logits);
        if (training) Enqueue(keys);
        return loss;
    }

    /// <summary>θk ← m·θk + (1 − m)·θq for every parameter of the key encoder and its head.</summary>
    public void UpdateKeyEncoder()
    {
        using var _ = no_grad();
        using var momentum = Momentum.ToScalar();   // explicit and held: an implicit temporary can be finalised mid-call
        using var queryShare = (1 - Momentum).ToScalar();
        foreach (var (query, key) in QueryKeyParameterPairs())
            key.mul_(momentum).add_(query.detach(), queryShare);
    }

    /// <summary>Writes N keys over the oldest N rows of the queue; K must be a multiple of N.</summary>
    public void Enqueue(Tensor keys)
    {
        var batch = keys.shape[0];
        if (QueueSize % batch != 0)
            throw new ArgumentException($"QueueSize {QueueSize} is not a multiple of the batch size {batch}", nameof(keys));
        var start = QueuePointer;
        using var _ = no_grad();
        using var rows = queue.narrow(0, start, batch);
        rows.copy_(keys.detach());
        using var next = ((start + batch) % QueueSize).ToScalar();
        queue_ptr.fill_(next);
    }

    private Tensor ComputeKeys(Tensor keyView)
    {
        using var _ = no_grad();
        if (training) UpdateKeyEncoder();
        if (!ShufflesKeys) return EncodeKeys(keyView);
        using var order = randperm(keyView.shape[0], generator: ShuffleGenerator).to(keyView.device);   // N
        using var shuffled = keyView.index_select(0, order);
        using var shuffledKeys = EncodeKeys(shuffled);
        using var restore = order.argsort();
        return shuffledKeys.index_select(0, restore);
    }

    private Tensor EncodeKeys(Tensor keyView)
    {
        using var embeddings = encoder_k.call(keyView);
        using var projected = head_k.call(embeddings);
        return nn.functional.normalize(projected, dim: 1);
    }

    private IEnumerable<(Tensor Query, Tensor Key)> QueryKeyParameterPairs()
    {
        var queries = encoder_q.parameters().Concat(head_q.parameters()).ToList();
        var keys = encoder_k.parameters().Concat(head_k.parameters()).ToList();
        if (queries.Count != keys.Count)
            throw new InvalidOperationException("the encoder factory built two encoders with different parameter lists");
        return queries.Zip(keys, (query, key) => ((Tensor)query, (Tensor)key));
    }

    private Module<Tensor, Tensor> CreateHead(long embeddingDim, int projectionDim, Generator generator) =>
        Version == 2 ? ProjectionHead.Mlp(embeddingDim, projectionDim, generator) : ProjectionHead.Linear(embeddingDim, projectionDim, generator);

    protected override void Dispose(bool disposing)
    {
        if (disposing) ShuffleGenerator.Dispose();
        base.Dispose(disposing);
    }

    /// <summary>Key parameters never train; only the query side is handed to the optimiser.</summary>
    public IEnumerable<TorchSharp.Modules.Parameter> TrainableParameters() =>
        encoder_q.parameters().Concat(head_q.parameters());
}
