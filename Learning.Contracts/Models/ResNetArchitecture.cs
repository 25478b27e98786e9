namespace Grid.Learning.Models;

/// <summary>The residual block a ResNet stacks: two 3×3 convolutions, or a 1×1–3×3–1×1 bottleneck.</summary>
public enum ResidualBlockKind { Basic, Bottleneck }

/// <summary>
/// The shape of a torchvision ResNet: which block it stacks and how many in each of its four stages.
/// A stage's output has <c>width × 2^stage × Expansion</c> channels.
/// </summary>
public sealed record ResNetArchitecture(string Name, ResidualBlockKind Block, IReadOnlyList<int> BlocksPerStage)
{
    public static readonly ResNetArchitecture ResNet18 = new("resnet18", ResidualBlockKind.Basic, [2, 2, 2, 2]);
    public static readonly ResNetArchitecture ResNet34 = new("resnet34", ResidualBlockKind.Basic, [3, 4, 6, 3]);
    public static readonly ResNetArchitecture ResNet50 = new("resnet50", ResidualBlockKind.Bottleneck, [3, 4, 6, 3]);

    /// <summary>Output channels of a bottleneck block relative to its inner width (torchvision's 4).</summary>
    public const int BottleneckExpansion = 4;

    public static IReadOnlyList<ResNetArchitecture> All { get; } = [ResNet18, ResNet34, ResNet50];

    /// <summary>Output channels of a block relative to its inner width: 1 for basic blocks, 4 for bottlenecks.</summary>
    public int Expansion => Block == ResidualBlockKind.Basic ? 1 : BottleneckExpansion;

    /// <summary>Embedding size of the encoder: the last stage's output channels.</summary>
    public int EmbeddingDim(int width) => width * 8 * Expansion;

    /// <summary>The architecture named <paramref name="name"/> (resnet18, resnet34, resnet50; case-insensitive).</summary>
    public static ResNetArchitecture Parse(string name) =>
        All.FirstOrDefault(a => string.Equals(a.Name, name?.Trim(), StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException(
            $"ModelOptions.Architecture: unknown architecture '{name}'; expected one of {string.Join(", ", All.Select(a => a.Name))}",
            nameof(name));
}
