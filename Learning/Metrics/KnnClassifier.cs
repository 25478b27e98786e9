using TorchSharp;
using static TorchSharp.torch;

namespace Grid.Learning.Metrics;

/// <summary>
/// Weighted cosine k-nearest-neighbour classifier over a memory bank of training features, as NPID and
/// MoCo evaluate embeddings: features are L2-normalised, the K most similar bank entries vote for their
/// class with weight exp(similarity / t), and the class with the largest total wins (ties: lowest class).
/// </summary>
public sealed class KnnClassifier : IDisposable
{
    /// <summary>NPID's (Wu et al., 2018) vote temperature.</summary>
    public const double DefaultTemperature = 0.1;

    /// <summary>Queries scored per matmul: bounds the M×N similarity block.</summary>
    private const int QueryChunk = 1024;

    private readonly Tensor bank;       // N×D, unit rows
    private readonly Tensor bankLabels; // N, int64

    /// <param name="features">N×D training features (any scale; normalised here).</param>
    /// <param name="labels">N class indices in 0..classes-1.</param>
    /// <param name="classes">C.</param>
    /// <param name="temperature">t in exp(sim / t); 0.1 as published.</param>
    public KnnClassifier(Tensor features, IReadOnlyList<int> labels, int classes, double temperature = DefaultTemperature)
    {
        if (features.dim() != 2) throw new ArgumentException($"kNN features must be N×D; got [{string.Join("×", features.shape)}]", nameof(features));
        if (features.shape[0] != labels.Count)
            throw new ArgumentException($"kNN bank has {features.shape[0]} features but {labels.Count} labels", nameof(labels));
        if (labels.Count == 0) throw new ArgumentException("kNN bank is empty", nameof(labels));
        if (!(temperature > 0)) throw new ArgumentOutOfRangeException(nameof(temperature), temperature, "TrainingOptions.KnnTemperature must be positive");
        for (var i = 0; i < labels.Count; i++)
            if (labels[i] < 0 || labels[i] >= classes)
                throw new ArgumentOutOfRangeException(nameof(labels), labels[i], $"labels[{i}] = {labels[i]} is outside the classes 0..{classes - 1}");
        Classes = classes;
        Temperature = temperature;
        // The bank lives as long as this classifier, not as long as the caller's dispose scope.
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        bank = nn.functional.normalize(features.detach().to_type(ScalarType.Float32), p: 2, dim: 1).DetachFromDisposeScope();
        bankLabels = tensor(labels.Select(l => (long)l).ToArray(), device: features.device).DetachFromDisposeScope();
    }

    public int Classes { get; }

    public double Temperature { get; }

    /// <summary>N, the number of bank entries; a K above it uses them all.</summary>
    public int Size => (int)bank.shape[0];

    /// <summary>The predicted class of each of the M×D <paramref name="queries"/> with <paramref name="k"/> neighbours.</summary>
    public int[] Predict(Tensor queries, int k) => Predict(queries, [k])[k];

    /// <summary>Predictions for several K from one neighbour search: K → M predicted classes.</summary>
    public IReadOnlyDictionary<int, int[]> Predict(Tensor queries, IReadOnlyList<int> ks)
    {
        if (queries.dim() != 2 || queries.shape[1] != bank.shape[1])
            throw new ArgumentException($"kNN queries must be M×{bank.shape[1]}; got [{string.Join("×", queries.shape)}]", nameof(queries));
        if (ks.Count == 0 || ks.Any(k => k < 1)) throw new ArgumentException("kNN K values must be at least 1", nameof(ks));
        var deepest = Math.Min(ks.Max(), Size);
        var predictions = ks.Distinct().ToDictionary(k => k, _ => new List<int>((int)queries.shape[0]));
        for (long start = 0; start < queries.shape[0]; start += QueryChunk)
        {
            using var scope = NewDisposeScope();
            using var _ = no_grad();
            var chunk = queries.narrow(0, start, Math.Min(QueryChunk, queries.shape[0] - start));
            var unit = nn.functional.normalize(chunk.to_type(ScalarType.Float32).to(bank.device), p: 2, dim: 1);
            var similarity = unit.matmul(bank.t());                     // M×N
            var (nearest, index) = similarity.topk(deepest, dim: 1);    // M×Kmax each, most similar first
            var neighbourLabels = bankLabels[index];                    // M×Kmax
            using var temperature = Temperature.ToScalar();
            var weights = nearest.div(temperature).exp_();              // M×Kmax
            foreach (var (k, list) in predictions)
                list.AddRange(Vote(weights, neighbourLabels, Math.Min(k, deepest)));
        }
        return predictions.ToDictionary(p => p.Key, p => p.Value.ToArray());
    }

    /// <summary>Class with the largest summed weight among the first <paramref name="k"/> neighbours.</summary>
    private int[] Vote(Tensor weights, Tensor neighbourLabels, int k)
    {
        var rows = weights.shape[0];
        var scores = zeros(rows, Classes, device: weights.device)                              // M×C
            .scatter_add_(1, neighbourLabels.narrow(1, 0, k), weights.narrow(1, 0, k));
        return scores.argmax(1).cpu().data<long>().Select(c => (int)c).ToArray();
    }

    public void Dispose()
    {
        bank.Dispose();
        bankLabels.Dispose();
    }
}
