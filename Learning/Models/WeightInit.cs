using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Grid.Learning.Models;

/// <summary>
/// torchvision's ResNet initialisation, drawn from an explicit generator so that a seed fixes the weights
/// without touching the process-wide RNG (several jobs may build encoders at once).
/// </summary>
public static class WeightInit
{
    /// <summary>Kaiming normal, mode fan_out, gain √2 (ReLU): std = √(2 / (out_channels × kh × kw)).</summary>
    public static void KaimingNormalFanOut(Tensor convWeight, Generator generator)
    {
        // convWeight: out × in × kh × kw
        var fanOut = convWeight.shape[0] * convWeight.shape[2] * convWeight.shape[3];
        using var _ = no_grad();
        convWeight.normal_(0, Math.Sqrt(2.0 / fanOut), generator);
    }

    /// <summary>PyTorch's default nn.Linear init: weight and bias uniform in ±1/√in_features.</summary>
    public static void LinearDefault(Tensor weight, Tensor? bias, Generator generator)
    {
        // weight: out × in
        var bound = 1.0 / Math.Sqrt(weight.shape[1]);
        using var _ = no_grad();
        weight.uniform_(-bound, bound, generator);
        bias?.uniform_(-bound, bound, generator);
    }
}
