namespace Grid.Bench;

/// <summary>How much a run measures. The defaults fit the whole of ./grid bench in under 20 minutes on 2 cores.</summary>
public sealed record BenchSettings
{
    /// <summary>The bench/ folder holding the Python reference scripts.</summary>
    public required string BenchDirectory { get; init; }
    /// <summary>Untimed runs before the measured ones.</summary>
    public int Warmups { get; init; } = 2;
    /// <summary>Measured runs; each figure is their median.</summary>
    public int Runs { get; init; } = 5;
    /// <summary>Alternating rounds of ours then the reference in the model comparisons (each figure: median of the rounds).</summary>
    public int Rounds { get; init; } = 3;
    /// <summary>Intra-op threads on both sides of every model comparison.</summary>
    public int Threads { get; init; } = 1;
    /// <summary>Length of the front-end benchmark clips (UrbanSound8K clips are at most 4 s).</summary>
    public double ClipSeconds { get; init; } = 4.0;
    /// <summary>Training-step batch (both sides).</summary>
    public int BatchSize { get; init; } = 16;
    /// <summary>Also compare ResNet-50 (about 2.5 times the time of ResNet-18).</summary>
    public bool ResNet50 { get; init; } = true;
    /// <summary>Epochs of the memory row (the brief asks for 30).</summary>
    public int MemoryEpochs { get; init; } = 30;
    /// <summary>
    /// Cluster shapes of the scale section, smallest first: silo processes, CPU slots per silo, one-second simulated jobs.
    /// The default is issue 13's thousand slots and ten thousand jobs after a tenth of it.
    /// </summary>
    public IReadOnlyList<ScaleBench.Shape> ScaleShapes { get; init; } = [new(2, 25, 500), new(4, 250, 10_000)];
    /// <summary>Every random choice of the benchmark inputs derives from this.</summary>
    public int Seed { get; init; } = 20221;
}
