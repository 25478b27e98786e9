using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Grid.Learning.Training;

/// <summary>SGD with momentum or Adam, from <see cref="TrainingOptions"/>.</summary>
public static class OptimizerFactory
{
    public static OptimizerHelper Create(IEnumerable<Parameter> parameters, TrainingOptions options) =>
        options.Optimizer switch
        {
            "sgd" => optim.SGD(parameters, options.LearningRate, momentum: options.Momentum, weight_decay: options.WeightDecay),
            "adam" => optim.Adam(parameters, options.LearningRate, weight_decay: options.WeightDecay),
            _ => throw new ArgumentException($"Optimizer must be sgd or adam, got '{options.Optimizer}'", nameof(options)),
        };

    /// <summary>Sets every parameter group's rate (the schedule drives it per step).</summary>
    public static void SetLearningRate(optim.Optimizer optimizer, double rate)
    {
        foreach (var group in optimizer.ParamGroups) group.LearningRate = rate;
    }
}
