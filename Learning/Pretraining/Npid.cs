using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Grid.Learning.Pretraining;

/// <summary>
/// Non-parametric instance discrimination (Wu et al. 2018). Every training clip is its own class, represented by
/// an L2-normalised entry of a memory bank; NCE with uniform noise replaces the full softmax. Forward takes a view
/// (N×3×mels×frames) and the clips' dataset indices (N, int64) and returns the NCE loss; in training mode it also
/// moves the clips' memory entries toward their new features.
/// </summary>
public sealed class Npid : Module<Tensor, Tensor, Tensor>
{
    private readonly Module<Tensor, Tensor> encoder;
    private readonly Module<Tensor, Tensor> head;
    private readonly Tensor memory;   // n×C, one L2-normalised feature per training clip
    private readonly Tensor z;        // scalar normalisation constant; negative until estimated

    /// <param name="encoder">Encoder producing N×D.</param>
    /// <param name="embeddingDim">D.</param>
    /// <param name="dataSize">n, the number of training clips (rows of the memory bank).</param>
    /// <param name="noiseSamples">K, uniform noise entries per positive (published 4096).</param>
    /// <param name="temperature">t of exp(v·f/t) (published 0.07).</param>
    /// <param name="memoryMomentum">Weight of the old entry in the memory update (published 0.5).</param>
    /// <param name="projectionDim">C, the feature width (published 128).</param>
    /// <param name="seed">Draws the head's weights and the initial (random, normalised) memory bank.</param>
    public Npid(Module<Tensor, Tensor> encoder, long embeddingDim, long dataSize, int noiseSamples = 4096,
        double temperature = 0.07, double memoryMomentum = 0.5, int projectionDim = 128, long seed = 0) : base(nameof(Npid))
    {
        if (dataSize < 2) throw new ArgumentOutOfRangeException(nameof(dataSize), dataSize, "NPID needs at least two training clips");
        PretrainRequest.NceNegativesRange.Require(noiseSamples, nameof(noiseSamples));
        PretrainRequest.TemperatureRange.Require(temperature, nameof(temperature));
        PretrainRequest.MemoryMomentumRange.Require(memoryMomentum, nameof(memoryMomentum));
        NoiseSamples = noiseSamples;
        Temperature = temperature;
        MemoryMomentum = memoryMomentum;

        using var generator = new Generator(unchecked((ulong)seed));
        this.encoder = encoder;
        head = ProjectionHead.Linear(embeddingDim, projectionDim, generator);
        using var initialMemory = rand([dataSize, projectionDim], generator: generator);
        using var half = 0.5.ToScalar();   // explicit and held: an implicit temporary can be finalised mid-call
        memory = nn.functional.normalize(initialMemory.sub_(half), dim: 1);
        using var unestimated = (-1.0).ToScalar();
        z = full(Array.Empty<long>(), unestimated, dtype: ScalarType.Float64);
        RegisterComponents();
    }

    /// <summary>Draws the noise indices; re-seed it (e.g. per epoch) for reproducible runs.</summary>
    public Generator NoiseGenerator { get; } = new(0);

    public int NoiseSamples { get; }
    public double Temperature { get; }
    public double MemoryMomentum { get; }
    public long DataSize => memory.shape[0];

    /// <summary>Z, or null before the first training batch has estimated it.</summary>
    public double? NormalisationConstant => z.item<double>() is var value && value > 0 ? value : null;

    public Module<Tensor, Tensor> Encoder => encoder;

    /// <summary>A copy of the memory bank, n×C.</summary>
    public Tensor MemorySnapshot() => memory.detach().clone();

    /// <summary>L2-normalised features of a view, N×C.</summary>
    public Tensor Project(Tensor view)
    {
        using var embeddings = encoder.call(view);   // N×D
        using var projected = head.call(embeddings);
        return nn.functional.normalize(projected, dim: 1);
    }

    public override Tensor forward(Tensor view, Tensor indices)
    {
        using var features = Project(view);                                                    // N×C
        using var candidates = SampleCandidates(indices);                                      // N×(1+K)
        using var probabilities = Probabilities(features, candidates);                         // N×(1+K)
        var loss = NceLoss.Compute(probabilities, DataSize);
        if (training) UpdateMemory(features, indices);
        return loss;
    }

    /// <summary>exp(v·f/t)/Z for the memory entries <paramref name="candidates"/> (N×(1+K)); the first call estimates Z.</summary>
    public Tensor Probabilities(Tensor features, Tensor candidates)
    {
        using var entries = memory.detach().index_select(0, candidates.flatten())
            .view(candidates.shape[0], candidates.shape[1], -1);                    // N×(1+K)×C
        using var similarity = entries.bmm(features.unsqueeze(2)).squeeze(2);    // N×(1+K)
        using var temperature = Temperature.ToScalar();   // explicit and held: an implicit temporary can be finalised mid-call
        using var scores = similarity.div(temperature).exp();
        if (NormalisationConstant is null) EstimateNormalisation(scores);
        using var normalisation = z.item<double>().ToScalar();
        return scores.div(normalisation);
    }

    /// <summary>Z = n · mean(exp(v·f/t)) over the scores of one batch, as Wu et al. estimate it once.</summary>
    public void EstimateNormalisation(Tensor scores)
    {
        using var mean = scores.detach().to(ScalarType.Float64).mean();
        var estimate = mean.item<double>() * DataSize;
        using var estimateScalar = estimate.ToScalar();
        z.fill_(estimateScalar);
    }

    /// <summary>v ← normalise(m·v + (1 − m)·f) for the clips in the batch.</summary>
    public void UpdateMemory(Tensor features, Tensor indices)
    {
        using var _ = no_grad();
        using var old = memory.index_select(0, indices);
        using var momentum = MemoryMomentum.ToScalar();
        using var featureShare = (1 - MemoryMomentum).ToScalar();
        using var mixed = old.mul(momentum).add_(features.detach(), featureShare);
        using var updated = nn.functional.normalize(mixed, dim: 1);
        memory.index_copy_(0, indices, updated);
    }

    /// <summary>Overwrites the whole memory bank (n×C, normalised here).</summary>
    public void FillMemory(Tensor features)
    {
        using var _ = no_grad();
        using var normalised = nn.functional.normalize(features.detach(), dim: 1);
        memory.copy_(normalised);
    }

    /// <summary>Each row: the clip's own index, then K uniform draws from <see cref="NoiseGenerator"/>.</summary>
    private Tensor SampleCandidates(Tensor indices)
    {
        using var drawn = randint(0, DataSize, [indices.shape[0], NoiseSamples], dtype: ScalarType.Int64, generator: NoiseGenerator);
        using var noise = drawn.to(indices.device);
        using var own = indices.view(-1, 1);
        return cat([own, noise], 1);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) NoiseGenerator.Dispose();
        base.Dispose(disposing);
    }

    /// <summary>Only the encoder and head train; the memory bank is updated by momentum.</summary>
    public IEnumerable<TorchSharp.Modules.Parameter> TrainableParameters() => parameters();
}
