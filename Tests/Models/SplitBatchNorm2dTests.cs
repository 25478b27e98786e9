using Grid.Learning.Models;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace Grid.Tests.Models;

[Trait("Category", "Unit")]
public sealed class SplitBatchNorm2dTests
{
    private const double Momentum = 0.1;

    // Held for the process: an implicit Scalar temporary can be finalised while libtorch reads it (docs/learning.md).
    private static readonly Scalar Eps = 1e-5.ToScalar();
    private static readonly Scalar Two = 2.ToScalar();
    private static readonly Scalar Half = 0.5.ToScalar();
    private static readonly Scalar MomentumScalar = Momentum.ToScalar();
    private static readonly Scalar OneMinusMomentum = (1 - Momentum).ToScalar();

    private static Tensor Input(long n, long seed)
    {
        using var generator = new Generator((ulong)seed);
        using var levels = randn([n, 3, 1, 1], generator: generator).mul_(Two);
        using var texture = randn([n, 3, 4, 5], generator: generator);
        return levels + texture;
    }

    /// <summary>Random scale and shift, the same in both layers, so the affine part is tested too.</summary>
    private static void SetAffine(nn.Module layer, long seed)
    {
        using var generator = new Generator((ulong)seed);
        using var _ = no_grad();
        var parameters = layer.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        parameters["weight"].copy_(rand([3], generator: generator).add_(Half));
        parameters["bias"].copy_(randn([3], generator: generator));
    }

    private static Dictionary<string, Tensor> Buffers(nn.Module layer) => layer.named_buffers().ToDictionary(b => b.name, b => b.buffer);

    [Theory]
    [InlineData(8)]
    [InlineData(3)]   // a batch of 3 cannot be split into groups of two: one group
    public void OneSplitIsAPlainBatchNormBitForBit(long batch)
    {
        using var scope = NewDisposeScope();
        using var plain = new KeepAliveBatchNorm2d(3);
        using var split = new SplitBatchNorm2d(3, splits: batch == 8 ? 1 : 4);
        SetAffine(plain, 1);
        SetAffine(split, 1);
        for (var step = 0; step < 3; step++)
        {
            var input = Input(batch, 10 + step);
            plain.train();
            split.train();
            Assert.True(plain.call(input).equal(split.call(input)).all().item<bool>(), $"training output differs at step {step}");
        }
        foreach (var (name, buffer) in Buffers(plain))
            Assert.True(buffer.equal(Buffers(split)[name]).all().item<bool>(), name);
        plain.eval();
        split.eval();
        var test = Input(batch, 20);
        Assert.True(plain.call(test).equal(split.call(test)).all().item<bool>(), "evaluation output differs");
    }

    [Fact]
    public void SplitsNormaliseEachGroupWithItsOwnStatisticsAndAverageTheRunningOnes()
    {
        using var scope = NewDisposeScope();
        const int groups = 4;
        using var split = new SplitBatchNorm2d(3, splits: groups);
        SetAffine(split, 2);
        var parameters = split.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        var input = Input(12, 3);   // 4 groups of 3: {0, 4, 8}, {1, 5, 9}, {2, 6, 10}, {3, 7, 11}

        split.train();
        var output = split.call(input);

        var expected = zeros_like(input);
        var groupMeans = new List<Tensor>();
        var groupVariances = new List<Tensor>();
        using var weight = parameters["weight"].detach().view(1, 3, 1, 1);
        using var bias = parameters["bias"].detach().view(1, 3, 1, 1);
        for (var s = 0; s < groups; s++)
        {
            var members = tensor(new long[] { s, s + groups, s + 2 * groups });
            var group = input.index_select(0, members);                                        // 3×3×4×5
            var mean = group.mean([0, 2, 3], keepdim: true);
            var biased = group.var([0, 2, 3], unbiased: false, keepdim: true);
            var normalised = (group - mean) / biased.add(Eps).sqrt() * weight + bias;
            expected.index_copy_(0, members, normalised);
            groupMeans.Add(mean.flatten());
            groupVariances.Add(group.var([0, 2, 3], unbiased: true));
        }
        Assert.True(output.allclose(expected, rtol: 1e-4, atol: 1e-5), "training output is not each group normalised by its own statistics");
        // Each statistic is itself unlike the whole batch's: grouping must change the output.
        using var whole = new KeepAliveBatchNorm2d(3);
        SetAffine(whole, 2);
        whole.train();
        Assert.False(whole.call(input).allclose(expected, rtol: 1e-4, atol: 1e-5));

        var runningMean = stack(groupMeans).mean([0]).mul(MomentumScalar);                          // from 0
        var runningVar = stack(groupVariances).mean([0]).mul(MomentumScalar).add(OneMinusMomentum);   // from 1
        var buffers = Buffers(split);
        Assert.True(buffers["running_mean"].allclose(runningMean, rtol: 1e-5, atol: 1e-6), "running mean is not the groups' average");
        Assert.True(buffers["running_var"].allclose(runningVar, rtol: 1e-5, atol: 1e-6), "running variance is not the groups' average");
        Assert.Equal(1, buffers["num_batches_tracked"].item<long>());

        // Evaluation normalises with the running statistics, as a plain BatchNorm2d holding them.
        using var plain = new KeepAliveBatchNorm2d(3);
        plain.load_state_dict(split.state_dict());
        split.eval();
        plain.eval();
        var test = Input(5, 4);
        Assert.True(split.call(test).equal(plain.call(test)).all().item<bool>());
    }

    [Fact]
    public void GradientsReachTheSharedScaleAndShiftAsInTheHandComputation()
    {
        using var scope = NewDisposeScope();
        using var split = new SplitBatchNorm2d(3, splits: 2);
        SetAffine(split, 5);
        var parameters = split.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        var input = Input(6, 6);
        var target = Input(6, 7);
        split.train();
        (split.call(input) * target).sum().backward();

        var weight = parameters["weight"].detach().clone().requires_grad_(true);
        var bias = parameters["bias"].detach().clone().requires_grad_(true);
        var loss = zeros([]);
        for (var s = 0; s < 2; s++)
        {
            var members = tensor(new long[] { s, s + 2, s + 4 });
            var group = input.index_select(0, members);
            var normalised = (group - group.mean([0, 2, 3], keepdim: true)) / group.var([0, 2, 3], unbiased: false, keepdim: true).add(Eps).sqrt();
            var affine = normalised * weight.view(1, 3, 1, 1) + bias.view(1, 3, 1, 1);
            loss = loss + (affine * target.index_select(0, members)).sum();
        }
        loss.backward();
        Assert.True(parameters["weight"].grad!.allclose(weight.grad!, rtol: 1e-4, atol: 1e-4));
        Assert.True(parameters["bias"].grad!.allclose(bias.grad!, rtol: 1e-4, atol: 1e-4));
    }

    [Theory]
    [InlineData(256, 8, 8)]
    [InlineData(16, 8, 8)]
    [InlineData(8, 8, 4)]    // groups of one sample would be an instance norm
    [InlineData(12, 8, 6)]
    [InlineData(10, 4, 2)]
    [InlineData(7, 8, 1)]
    [InlineData(2, 8, 1)]
    [InlineData(256, 1, 1)]
    public void GroupsAreTheLargestDivisorWithTwoSamplesEach(long batch, int splits, int groups) =>
        Assert.Equal(groups, SplitBatchNorm2d.GroupsFor(batch, splits));

    [Fact]
    public void NamesAreTorchvisionsSoAnEncoderWithSplitsExportsTheSameStateDict()
    {
        using var scope = NewDisposeScope();
        using var split = new SplitBatchNorm2d(3, splits: 8);
        using var plain = new KeepAliveBatchNorm2d(3);
        Assert.Equal(plain.state_dict().Keys.Order(), split.state_dict().Keys.Order());

        var options = new Grid.Learning.Training.ModelOptions { Architecture = "resnet18", Width = 4 };
        using var encoder = EncoderFactory.Create(options, seed: 3);
        using var splitEncoder = EncoderFactory.Create(options, seed: 3, channels => new SplitBatchNorm2d(channels, 8));
        var expected = encoder.state_dict();
        var actual = splitEncoder.state_dict();
        Assert.Equal(expected.Keys.Order(), actual.Keys.Order());
        foreach (var (name, value) in expected)
            Assert.True(value.equal(actual[name]).all().item<bool>(), $"{name}: the normalisation layer changed the seeded weights");
        Assert.Contains(actual.Keys, k => k == "layer1.0.bn1.running_mean");
    }
}
