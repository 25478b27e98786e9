using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Grid.Learning.Models;

/// <summary>
/// BatchNorm2d that, in training mode, normalises groups of the batch separately: MoCo's single-device stand-in for
/// the per-GPU BatchNorm of its 8-GPU runs (its Colab demo's SplitBatchNorm). With the key batch shuffled before the
/// key encoder, the query and key of one clip fall in different groups, so batch statistics cannot tell the
/// positive apart. Group s of S holds samples s, s + S, s + 2S, ... (a free view of the batch). Each group's
/// statistics update its own copy of the running ones, and the running statistics become the copies' mean, so
/// evaluation uses them as a plain BatchNorm2d does. Parameter and buffer names are
/// <see cref="KeepAliveBatchNorm2d"/>'s (torchvision's), and like it the batch counter uses process-lived Scalars.
/// </summary>
public sealed class SplitBatchNorm2d : Module<Tensor, Tensor>
{
    private static readonly Scalar One = 1.ToScalar();

    private readonly Parameter weight;
    private readonly Parameter bias;
    private readonly Tensor running_mean;
    private readonly Tensor running_var;
    private readonly Tensor num_batches_tracked;

    /// <param name="features">C of an N×C×H×W input.</param>
    /// <param name="splits">Groups per batch (MoCo: 8, one per GPU of the published runs); 1 is a plain BatchNorm2d.</param>
    /// <param name="eps">Added to the variance for stability (PyTorch: 1e-5).</param>
    /// <param name="momentum">Weight of the batch statistics in the running ones (PyTorch: 0.1).</param>
    public SplitBatchNorm2d(long features, int splits, double eps = 1e-5, double momentum = 0.1) : base(nameof(SplitBatchNorm2d))
    {
        if (splits < 1) throw new ArgumentOutOfRangeException(nameof(splits), splits, "BatchNormSplits must be at least 1");
        Splits = splits;
        Eps = eps;
        Momentum = momentum;
        weight = new Parameter(ones(features));
        bias = new Parameter(zeros(features));
        running_mean = zeros(features);
        running_var = ones(features);
        num_batches_tracked = zeros(Array.Empty<long>(), dtype: ScalarType.Int64);
        RegisterComponents();
    }

    public int Splits { get; }

    public double Eps { get; }

    public double Momentum { get; }

    /// <summary>
    /// The groups a batch of <paramref name="batch"/> is normalised in: the largest divisor of the batch that is at
    /// most <paramref name="splits"/> and leaves at least two samples per group (one sample would make it an instance
    /// norm); 1 when none does. A batch of 256 with 8 splits gives 8 groups of 32, one of 12 gives 6 groups of 2.
    /// </summary>
    public static int GroupsFor(long batch, int splits)
    {
        for (var groups = (int)Math.Min(splits, batch / 2); groups > 1; groups--)
            if (batch % groups == 0) return groups;
        return 1;
    }

    public override Tensor forward(Tensor input)
    {
        if (input.Dimensions != 4)
            throw new ArgumentException($"BatchNorm2d expects N×C×H×W input, got {input.Dimensions} dimensions", nameof(input));
        if (!training)
            return nn.functional.batch_norm(input, running_mean, running_var, weight, bias, false, Momentum, Eps);
        using (no_grad())
            num_batches_tracked.add_(One, One);
        var groups = GroupsFor(input.shape[0], Splits);
        if (groups == 1)
            return nn.functional.batch_norm(input, running_mean, running_var, weight, bias, true, Momentum, Eps);

        var (n, c, h, w) = (input.shape[0], input.shape[1], input.shape[2], input.shape[3]);
        using var scope = NewDisposeScope();
        // N×C×H×W viewed as (N/S)×(S·C)×H×W: channel s·C + c of row r is channel c of sample r·S + s.
        var grouped = input.reshape(n / groups, groups * c, h, w);
        var groupMeans = running_mean.repeat(groups);
        var groupVariances = running_var.repeat(groups);
        var normalised = nn.functional.batch_norm(grouped, groupMeans, groupVariances, weight.repeat(groups), bias.repeat(groups),
            true, Momentum, Eps);
        using (no_grad())
        {
            running_mean.copy_(groupMeans.view(groups, c).mean([0]));
            running_var.copy_(groupVariances.view(groups, c).mean([0]));
        }
        return normalised.view(n, c, h, w).MoveToOuterDisposeScope();
    }
}
