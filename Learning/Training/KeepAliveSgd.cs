using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Grid.Learning.Training;

/// <summary>
/// torch.optim.SGD whose step holds every <see cref="Scalar"/> it hands to libtorch in a <c>using</c> until the native
/// calls return. TorchSharp's own step converts doubles to temporary Scalars implicitly; such a temporary is unreachable
/// once its handle is read, so a garbage collection during the native call (likely with several training threads) lets
/// its finalizer free the c10::Scalar that libtorch is reading. State and checkpoints are TorchSharp's SGD ones.
/// </summary>
/// <param name="learningRate">Step size (torch.optim.SGD: 1e-3).</param>
/// <param name="momentum">Momentum factor (default 0).</param>
/// <param name="dampening">Dampening of the gradient added to the momentum buffer (default 0).</param>
/// <param name="weightDecay">L2 penalty added to the gradient (default 0).</param>
/// <param name="nesterov">Nesterov momentum (default false; needs momentum > 0 and dampening 0).</param>
/// <param name="maximize">Ascend the objective instead (default false).</param>
public sealed class KeepAliveSgd(IEnumerable<Parameter> parameters, double learningRate = 1e-3, double momentum = 0,
    double dampening = 0, double weightDecay = 0, bool nesterov = false, bool maximize = false)
    : SGD(parameters, learningRate, momentum, dampening, weightDecay, nesterov, maximize)
{
    public override Tensor step(Func<Tensor>? closure = null) => _step<ParamGroup>(group =>
    {
        var options = group.Options;
        var momentumFactor = options.momentum!.Value;
        var decay = options.weight_decay!.Value;
        var rate = options.LearningRate!.Value;
        using var momentumScalar = momentumFactor.ToScalar();
        using var decayScalar = decay.ToScalar();
        using var gradientShare = (1 - options.dampening!.Value).ToScalar();
        using var signedRate = (options.maximize!.Value ? rate : -rate).ToScalar();
        foreach (var parameter in group.Parameters)
        {
            var gradient = parameter.grad;
            if (gradient is null) continue;
            if (decay != 0) gradient = gradient.add(parameter, decayScalar);
            if (momentumFactor != 0)
            {
                var state = (State)_state[parameter.Handle];
                var buffer = state.momentum_buffer;
                if (buffer is null)
                    state.momentum_buffer = buffer = gradient.clone().detach().DetachFromDisposeScope();
                else
                    buffer.mul_(momentumScalar).add_(gradient, gradientShare);
                gradient = options.nesterov!.Value ? gradient.add(buffer, momentumScalar) : buffer;
            }
            parameter.add_(gradient, signedRate);
        }
    }, closure);
}
