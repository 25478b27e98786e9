using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Grid.Learning.Models;

/// <summary>
/// torch.nn.BatchNorm2d with torchvision's parameter and buffer names (weight, bias, running_mean, running_var,
/// num_batches_tracked), starting as the identity (scale 1, shift 0). TorchSharp 0.107's BatchNorm counts batches
/// with <c>num_batches_tracked.add_(1)</c>, whose implicit Scalar temporaries the GC may finalise while libtorch reads
/// them: with jobs training on several threads that failed as "alpha must not be a floating point number" on the
/// int64 counter. This one counts with Scalars that live as long as the process (docs/learning.md, as KeepAliveSgd).
/// </summary>
public sealed class KeepAliveBatchNorm2d : Module<Tensor, Tensor>
{
    private static readonly Scalar One = 1.ToScalar();

    private readonly Parameter weight;
    private readonly Parameter bias;
    private readonly Tensor running_mean;
    private readonly Tensor running_var;
    private readonly Tensor num_batches_tracked;

    /// <param name="features">C of an N×C×H×W input.</param>
    /// <param name="eps">Added to the variance for stability (PyTorch: 1e-5).</param>
    /// <param name="momentum">Weight of the batch statistics in the running ones (PyTorch: 0.1).</param>
    public KeepAliveBatchNorm2d(long features, double eps = 1e-5, double momentum = 0.1) : base(nameof(KeepAliveBatchNorm2d))
    {
        Eps = eps;
        Momentum = momentum;
        weight = new Parameter(ones(features));
        bias = new Parameter(zeros(features));
        running_mean = zeros(features);
        running_var = ones(features);
        num_batches_tracked = zeros(Array.Empty<long>(), dtype: ScalarType.Int64);
        RegisterComponents();
    }

    public double Eps { get; }

    public double Momentum { get; }

    public override Tensor forward(Tensor input)
    {
        if (input.Dimensions != 4)
            throw new ArgumentException($"BatchNorm2d expects N×C×H×W input, got {input.Dimensions} dimensions", nameof(input));
        if (training)
        {
            using var _ = no_grad();
            num_batches_tracked.add_(One, One);
        }
        // Training normalises by the batch statistics and updates the running ones; evaluation uses the running ones.
        return nn.functional.batch_norm(input, running_mean, running_var, weight, bias, training, Momentum, Eps);
    }
}
