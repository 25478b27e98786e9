using Grid.Learning.Training;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Grid.Learning.Models;

/// <summary>
/// ESResNet encoder: a torchvision ResNet over 3-channel log-mel spectrograms with the classifier removed,
/// i.e. conv1 7×7/2, bn1, relu, maxpool 3×3/2, layer1..layer4, global average pool, flatten.
/// Parameter and buffer names equal torchvision's (conv1.weight, layer1.0.downsample.1.running_mean, ...),
/// so state dicts interchange with PyTorch.
/// </summary>
public sealed class Encoder : Module<Tensor, Tensor>
{
    private readonly EncoderConv2d conv1;
    private readonly Module<Tensor, Tensor> bn1;
    private readonly ReLU relu;
    private readonly MaxPool2d maxpool;
    private readonly Sequential layer1;
    private readonly Sequential layer2;
    private readonly Sequential layer3;
    private readonly Sequential layer4;
    private readonly AdaptiveAvgPool2d avgpool;
    private readonly Flatten flatten;

    /// <param name="architecture">Block kind and blocks per stage (resnet18/34/50).</param>
    /// <param name="width">
    /// Channels of conv1 and of the first stage; stage s has width·2^s inner channels. 64 is torchvision's
    /// ResNet; 16 suits CPU-scale runs.
    /// </param>
    /// <param name="generator">Draws the Kaiming-normal (fan_out, ReLU) convolution weights, as torchvision initialises them.</param>
    /// <param name="normalisation">
    /// Builds each BatchNorm layer from its channel count: <see cref="DefaultNormalisation"/> unless given (MoCo gives
    /// <see cref="SplitBatchNorm2d"/>). It must keep BatchNorm2d's parameter and buffer names.
    /// </param>
    public Encoder(ResNetArchitecture architecture, int width, Generator generator, Func<long, Module<Tensor, Tensor>>? normalisation = null)
        : base(nameof(Encoder))
    {
        normalisation ??= DefaultNormalisation;
        if (width < 1) throw new ArgumentOutOfRangeException(nameof(width), width, "ModelOptions.Width must be at least 1");
        Architecture = architecture;
        Width = width;
        EmbeddingDim = architecture.EmbeddingDim(width);

        conv1 = new EncoderConv2d(3, width, 7, stride: 2, padding: 3);
        bn1 = normalisation(width);
        relu = ReLU(inplace: true);
        maxpool = MaxPool2d(3, stride: 2, padding: 1);
        long channels = width;
        layer1 = Stage(architecture, ref channels, width, 1, architecture.BlocksPerStage[0], generator, normalisation);
        layer2 = Stage(architecture, ref channels, width * 2, 2, architecture.BlocksPerStage[1], generator, normalisation);
        layer3 = Stage(architecture, ref channels, width * 4, 2, architecture.BlocksPerStage[2], generator, normalisation);
        layer4 = Stage(architecture, ref channels, width * 8, 2, architecture.BlocksPerStage[3], generator, normalisation);
        avgpool = AdaptiveAvgPool2d(1);
        flatten = Flatten();
        WeightInit.KaimingNormalFanOut(conv1.Weight, generator);
        RegisterComponents();
    }

    /// <summary>A plain BatchNorm2d (<see cref="KeepAliveBatchNorm2d"/>), what every encoder but MoCo's uses.</summary>
    public static Func<long, Module<Tensor, Tensor>> DefaultNormalisation { get; } = channels => new KeepAliveBatchNorm2d(channels);

    public ResNetArchitecture Architecture { get; }

    public int Width { get; }

    /// <summary>D, the size of one embedding: 8·width for basic blocks, 32·width for bottlenecks.</summary>
    public int EmbeddingDim { get; }

    /// <summary>The options that rebuild this encoder's shape (what checkpoints store as model.json).</summary>
    public ModelOptions Options => new() { Architecture = Architecture.Name, Width = Width };

    public override Tensor forward(Tensor input)
    {
        // input: N×3×mels×frames -> embeddings: N×D
        if (input.dim() != 4 || input.shape[1] != 3)
            throw new ArgumentException($"Encoder input must be N×3×mels×frames; got [{string.Join("×", input.shape)}]", nameof(input));
        using var scope = NewDisposeScope();
        var stem = maxpool.forward(relu.forward(bn1.forward(conv1.forward(input))));
        var features = layer4.forward(layer3.forward(layer2.forward(layer1.forward(stem))));
        return flatten.forward(avgpool.forward(features)).MoveToOuterDisposeScope();
    }

    private static Sequential Stage(ResNetArchitecture architecture, ref long inChannels, long channels, long stride, int blocks, Generator generator,
        Func<long, Module<Tensor, Tensor>> normalisation)
    {
        var modules = new List<Module<Tensor, Tensor>>(blocks);
        for (var i = 0; i < blocks; i++)
        {
            modules.Add(architecture.Block == ResidualBlockKind.Basic
                ? new BasicBlock(inChannels, channels, i == 0 ? stride : 1, generator, normalisation)
                : new Bottleneck(inChannels, channels, i == 0 ? stride : 1, generator, normalisation));
            inChannels = channels * architecture.Expansion;
        }
        return Sequential(modules);
    }
}
