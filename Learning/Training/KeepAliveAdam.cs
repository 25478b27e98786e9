using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Grid.Learning.Training;

/// <summary>
/// torch.optim.Adam (L2 weight decay added to the gradient, optional AMSGrad) whose step holds every
/// <see cref="Scalar"/> it hands to libtorch in a <c>using</c> until the native calls return; see
/// <see cref="KeepAliveSgd"/> for why. State and checkpoints are TorchSharp's Adam ones.
/// </summary>
/// <param name="learningRate">Step size (default 1e-3).</param>
/// <param name="beta1">Decay of the running mean of gradients (default 0.9).</param>
/// <param name="beta2">Decay of the running mean of squared gradients (default 0.999).</param>
/// <param name="eps">Added to the denominator for numerical stability (default 1e-8).</param>
/// <param name="weightDecay">L2 penalty added to the gradient (default 0).</param>
/// <param name="amsgrad">Use the running maximum of the second moment (default false).</param>
/// <param name="maximize">Ascend the objective instead (default false).</param>
public sealed class KeepAliveAdam(IEnumerable<Parameter> parameters, double learningRate = 1e-3, double beta1 = 0.9,
    double beta2 = 0.999, double eps = 1e-8, double weightDecay = 0, bool amsgrad = false, bool maximize = false)
    : Adam(parameters, learningRate, beta1, beta2, eps, weightDecay, amsgrad, maximize)
{
    public override Tensor step(Func<Tensor>? closure = null) => _step<ParamGroup>(group =>
    {
        var options = group.Options;
        var beta1 = options.beta1!.Value;
        var beta2 = options.beta2!.Value;
        var decay = options.weight_decay!.Value;
        var rate = options.LearningRate!.Value;
        using var beta1Scalar = beta1.ToScalar();
        using var beta2Scalar = beta2.ToScalar();
        using var meanShare = (1 - beta1).ToScalar();
        using var squareShare = (1 - beta2).ToScalar();
        using var decayScalar = decay.ToScalar();
        using var epsScalar = options.eps!.Value.ToScalar();
        using var one = 1.ToScalar();   // add_(Scalar) would convert its default alpha 1 implicitly
        foreach (var parameter in group.Parameters)
        {
            var gradient = parameter.grad;
            if (gradient is null) continue;
            if (options.maximize!.Value) gradient = -gradient;
            var state = (State)_state[parameter.Handle];
            state.step++;
            var meanCorrection = 1 - Math.Pow(beta1, state.step);
            var squareCorrection = 1 - Math.Pow(beta2, state.step);
            if (decay != 0) gradient = gradient.add(parameter, decayScalar);
            state.exp_avg.mul_(beta1Scalar).add_(gradient, meanShare);
            state.exp_avg_sq.mul_(beta2Scalar).addcmul_(gradient, gradient.conj(), squareShare);
            var secondMoment = state.exp_avg_sq;
            if (options.amsgrad!.Value)
            {
                var previousMax = state.max_exp_avg_sq;
                state.max_exp_avg_sq = maximum(previousMax, state.exp_avg_sq).DetachFromDisposeScope();
                previousMax.Dispose();
                secondMoment = state.max_exp_avg_sq;
            }
            using var correctionRoot = Math.Sqrt(squareCorrection).ToScalar();
            using var negativeStep = (-(rate / meanCorrection)).ToScalar();
            var denominator = secondMoment.sqrt().div(correctionRoot).add_(epsScalar, one);
            parameter.addcdiv_(state.exp_avg, denominator, negativeStep);
        }
    }, closure);
}
