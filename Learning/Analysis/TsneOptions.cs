namespace Grid.Learning.Analysis;

/// <summary>
/// Hyperparameters of <see cref="Tsne"/>. Defaults follow van der Maaten and Hinton (2008) and
/// van der Maaten (2014, Barnes-Hut t-SNE) as scikit-learn uses them.
/// </summary>
public sealed record TsneOptions
{
    /// <summary>Effective number of neighbours each point's Gaussian is calibrated to (default 30). Must be below the point count.</summary>
    public double Perplexity { get; init; } = 30;

    /// <summary>Gradient-descent iterations in total (default 1000).</summary>
    public int Iterations { get; init; } = 1000;

    /// <summary>
    /// Step size; null chooses max(N / EarlyExaggeration / 4, 50) (Belkina et al. 2019, scikit-learn's "auto").
    /// The original papers use 100 to 200.
    /// </summary>
    public double? LearningRate { get; init; }

    /// <summary>Factor on P during the first <see cref="ExaggerationIterations"/> iterations (default 12).</summary>
    public double EarlyExaggeration { get; init; } = 12;

    /// <summary>Iterations with exaggerated P and the initial momentum (default 250).</summary>
    public int ExaggerationIterations { get; init; } = 250;

    /// <summary>Momentum while exaggerating (default 0.5).</summary>
    public double InitialMomentum { get; init; } = 0.5;

    /// <summary>Momentum afterwards (default 0.8).</summary>
    public double FinalMomentum { get; init; } = 0.8;

    /// <summary>Lower bound of the per-coordinate adaptive gains (default 0.01; Jacobs 1988 delta-bar-delta).</summary>
    public double MinGain { get; init; } = 0.01;

    /// <summary>Barnes-Hut accuracy: a cell is summarised when its width / distance is below theta (default 0.5).</summary>
    public double Theta { get; init; } = 0.5;

    /// <summary>Up to this many points the exact O(N²) gradient is used; above it Barnes-Hut (default 2000).</summary>
    public int ExactLimit { get; init; } = 2000;

    /// <summary>The seed of the random initial layout (derive it with Seeds.Derive from the experiment seed).</summary>
    public long Seed { get; init; }

    /// <summary>Throws naming the field when a value is out of range for <paramref name="pointCount"/> points.</summary>
    public void Validate(int pointCount)
    {
        if (!(Perplexity > 0) || Perplexity >= pointCount)
            throw new ArgumentOutOfRangeException(nameof(Perplexity), Perplexity,
                $"perplexity must be positive and below the number of points ({pointCount})");
        if (Iterations < 1)
            throw new ArgumentOutOfRangeException(nameof(Iterations), Iterations, "at least one iteration is needed");
        if (LearningRate is { } rate && !(rate > 0))
            throw new ArgumentOutOfRangeException(nameof(LearningRate), rate, "learning rate must be positive");
        if (!(EarlyExaggeration >= 1))
            throw new ArgumentOutOfRangeException(nameof(EarlyExaggeration), EarlyExaggeration, "early exaggeration must be at least 1");
        if (ExaggerationIterations < 0)
            throw new ArgumentOutOfRangeException(nameof(ExaggerationIterations), ExaggerationIterations, "must not be negative");
        if (!(Theta > 0) || Theta > 1)
            throw new ArgumentOutOfRangeException(nameof(Theta), Theta, "Barnes-Hut theta must lie in (0, 1]");
        if (!(MinGain > 0))
            throw new ArgumentOutOfRangeException(nameof(MinGain), MinGain, "minimum gain must be positive");
    }

    /// <summary>The step size for <paramref name="pointCount"/> points.</summary>
    public double EffectiveLearningRate(int pointCount) =>
        LearningRate ?? Math.Max(pointCount / EarlyExaggeration / 4, 50);
}
