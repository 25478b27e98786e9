using Grid.Learning.Pretraining;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace Grid.Tests.Pretraining;

[Trait("Category", "Unit")]
public sealed class MocoTests
{
    private static Moco Create(int queueSize = 8, double momentum = 0.999, int version = 2)
    {
        manual_seed(1);
        return new Moco(() => new TinyEncoder(8), 8, version, queueSize, momentum, projectionDim: 4);
    }


    [Fact]
    public void KeyEncoderStartsAsACopyAndFollowsTheMomentumRule()
    {
        using var scope = NewDisposeScope();
        using var moco = Create(momentum: 0.9);
        var named = moco.named_parameters().ToDictionary(p => p.name, p => (Tensor)p.parameter);
        Assert.True(named["encoder_q.conv1.weight"].allclose(named["encoder_k.conv1.weight"]));
        Assert.True(named["head_q.2.weight"].allclose(named["head_k.2.weight"]));
        Assert.False(named["encoder_k.conv1.weight"].requires_grad);

        using (no_grad())
        {
            foreach (var (name, parameter) in named)
                parameter.fill_(name.Contains("_q.") ? 1.0 : 0.0);
        }
        moco.UpdateKeyEncoder();
        foreach (var (name, parameter) in named.Where(p => p.Key.Contains("_k.")))
            Assert.True(parameter.allclose(full_like(parameter, 0.1), atol: 1e-6), name);
        moco.UpdateKeyEncoder();
        Assert.True(named["head_k.0.bias"].allclose(full_like(named["head_k.0.bias"], 0.19), atol: 1e-6));
    }

    [Fact]
    public void QueueWrapsAroundOverwritingTheOldestKeys()
    {
        using var scope = NewDisposeScope();
        using var moco = Create(queueSize: 6);
        for (var batch = 1; batch <= 4; batch++)
            moco.Enqueue(full(2, 4, (float)batch));
        Assert.Equal(2, moco.QueuePointer);
        var rows = moco.QueueSnapshot().select(1, 0).data<float>().ToArray();
        Assert.Equal(new float[] { 4, 4, 2, 2, 3, 3 }, rows);
    }

    [Fact]
    public void ABatchThatDoesNotDivideTheQueueIsRefused()
    {
        using var scope = NewDisposeScope();
        using var moco = Create(queueSize: 6);
        var error = Assert.Throws<ArgumentException>(() => moco.Enqueue(zeros(4, 4)));
        Assert.Contains("QueueSize 6", error.Message);
    }

    [Theory]
    [InlineData(1, 0.07)]
    [InlineData(2, 0.2)]
    public void VersionsUseTheirPublishedHeadAndTemperature(int version, double temperature)
    {
        using var scope = NewDisposeScope();
        using var moco = Create(version: version);
        Assert.Equal(temperature, moco.Temperature);
        var headLayers = moco.named_parameters().Count(p => p.name.StartsWith("head_q.") && p.name.EndsWith(".weight"));
        Assert.Equal(version == 2 ? 2 : 1, headLayers);
    }

    [Fact]
    public void TrainingEnqueuesKeysMovesTheKeyEncoderAndLowersTheLoss()
    {
        using var scope = NewDisposeScope();
        using var moco = Create(queueSize: 16, momentum: 0.9);
        moco.train();
        using var optimizer = optim.SGD(moco.TrainableParameters(), 0.1, momentum: 0.9);
        var clips = DistinguishableClips.Create(64, seed: 3);
        var keyBefore = moco.named_parameters().First(p => p.name == "encoder_k.conv1.weight").parameter.detach().clone();
        var epochLosses = new List<double>();
        for (var epoch = 0; epoch < 12; epoch++)
        {
            var losses = new List<float>();
            for (var start = 0; start < 64; start += 8)
            {
                using var stepScope = NewDisposeScope();
                var batch = clips.narrow(0, start, 8);
                optimizer.zero_grad();
                var loss = moco.call(DistinguishableClips.Jitter(batch), DistinguishableClips.Jitter(batch));
                loss.backward();
                optimizer.step();
                losses.Add(loss.item<float>());
            }
            epochLosses.Add(losses.Average());
        }
        Assert.Equal(0, moco.QueuePointer);   // 96 batches of 8 into a queue of 16
        var keyAfter = moco.named_parameters().First(p => p.name == "encoder_k.conv1.weight").parameter;
        Assert.False(keyAfter.allclose(keyBefore));
        var trace = string.Join(", ", epochLosses.Select(l => l.ToString("F3")));
        Assert.True(epochLosses[^1] < epochLosses.Skip(1).Max() - 0.2, $"loss did not fall after the queue filled with real keys: {trace}");
        Assert.True(epochLosses[^1] < Math.Log(1 + 16) - 0.5, $"loss not below chance: {trace}");
    }
    private static Moco CreateSplit(bool shuffleKeys)
    {
        manual_seed(1);
        return new Moco(() => new SplitEncoder(), 8, 1, queueSize: 16, momentum: 0.9, projectionDim: 4, seed: 2, shuffleKeys: shuffleKeys);
    }

    [Fact]
    public void ShuffledKeysAreRestoredToTheQueriesOrder()
    {
        using var scope = NewDisposeScope();
        using var shuffled = CreateSplit(shuffleKeys: true);
        // Copies of one state: tests running beside this one may draw from torch's global generator.
        using var plain = CreateSplit(shuffleKeys: false);
        plain.load_state_dict(shuffled.state_dict());
        using var again = CreateSplit(shuffleKeys: true);
        again.load_state_dict(shuffled.state_dict());
        var clips = DistinguishableClips.Create(8, seed: 4);

        // Evaluation: BatchNorm uses running statistics, so only the order can differ, and the unshuffle must undo it.
        shuffled.eval();
        plain.eval();
        shuffled.ShuffleGenerator.manual_seed(9);
        Assert.Equal(plain.call(clips, clips).item<float>(), shuffled.call(clips, clips).item<float>(), 5);

        // Training: the key encoder's groups now differ from the query encoder's, and the loss with them.
        shuffled.train();
        plain.train();
        shuffled.ShuffleGenerator.manual_seed(9);
        var withShuffle = shuffled.call(clips, clips).item<float>();
        var without = plain.call(clips, clips).item<float>();
        Assert.NotEqual(without, withShuffle);
        again.train();
        again.ShuffleGenerator.manual_seed(9);
        Assert.Equal(withShuffle, again.call(clips, clips).item<float>());   // the order comes from the seeded generator
    }

    /// <summary>conv → split BatchNorm (4 groups) → global pool: N×3×H×W → N×8.</summary>
    private sealed class SplitEncoder : nn.Module<Tensor, Tensor>
    {
        private readonly nn.Module<Tensor, Tensor> conv1 = nn.Conv2d(3, 8, 3, padding: 1);
        private readonly nn.Module<Tensor, Tensor> bn1 = new Grid.Learning.Models.SplitBatchNorm2d(8, 4);
        private readonly nn.Module<Tensor, Tensor> pool = nn.AdaptiveAvgPool2d(1);

        public SplitEncoder() : base(nameof(SplitEncoder)) => RegisterComponents();

        public override Tensor forward(Tensor input)
        {
            using var normalised = bn1.call(conv1.call(input));
            using var pooled = pool.call(normalised);
            return pooled.flatten(1);
        }
    }
}
