using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Grid.Learning.Training;

/// <summary>
/// SGD with momentum or Adam, from <see cref="TrainingOptions"/>: the keep-alive variants, safe with several
/// training threads in one process (TorchSharp's own steps are not).
/// </summary>
public static class OptimizerFactory
{
    public static OptimizerHelper Create(IEnumerable<Parameter> parameters, TrainingOptions options) =>
        options.Optimizer switch
        {
            OptimizerKind.Sgd => new KeepAliveSgd(parameters, options.LearningRate, momentum: options.Momentum, weightDecay: options.WeightDecay),
            OptimizerKind.Adam => new KeepAliveAdam(parameters, options.LearningRate, weightDecay: options.WeightDecay),
            _ => throw new ArgumentException($"Optimizer must be sgd or adam, got '{options.Optimizer}'", nameof(options)),
        };

    /// <summary>Sets every parameter group's rate (the schedule drives it per step).</summary>
    public static void SetLearningRate(optim.Optimizer optimizer, double rate)
    {
        foreach (var group in optimizer.ParamGroups) group.LearningRate = rate;
    }
}
