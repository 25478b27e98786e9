using TorchSharp;
using static TorchSharp.torch;

namespace Grid.Tests.Pretraining;

/// <summary>
/// Tiny N×3×6×6 inputs that a global-pooling encoder can tell apart: each clip has its own per-channel level
/// (white noise alone pools to the same feature for every clip).
/// </summary>
internal static class DistinguishableClips
{
    public static Tensor Create(int count, long seed)
    {
        var generator = new Generator((ulong)seed);
        using var levels = randn([count, 3, 1, 1], generator: generator).mul_(2);
        using var texture = randn([count, 3, 6, 6], generator: generator).mul_(0.3);
        return levels + texture;
    }

    /// <summary>A cheap augmentation: small additive noise.</summary>
    public static Tensor Jitter(Tensor clips)
    {
        using var noise = randn_like(clips).mul_(0.1);
        return clips + noise;
    }
}
