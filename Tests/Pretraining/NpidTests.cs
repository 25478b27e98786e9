using Grid.Learning.Pretraining;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace Grid.Tests.Pretraining;

[Trait("Category", "Unit")]
public sealed class NpidTests
{
    private static Npid Create(long dataSize = 6, int noise = 5, double momentum = 0.5, int projectionDim = 4)
    {
        manual_seed(2);
        return new Npid(new TinyEncoder(16), 16, dataSize, noise, 0.07, momentum, projectionDim);
    }

    [Fact]
    public void NceLossMatchesTheDefinition()
    {
        using var scope = NewDisposeScope();
        double[,] p = { { 0.9, 0.1, 0.3 }, { 0.2, 0.05, 1.5 } };
        const long n = 10;
        var noiseMass = 2.0 / n;
        var expected = 0.0;
        for (var row = 0; row < 2; row++)
        {
            expected -= Math.Log(p[row, 0] / (p[row, 0] + noiseMass + 1e-7));
            for (var column = 1; column < 3; column++)
                expected -= Math.Log(noiseMass / (p[row, column] + noiseMass + 1e-7));
        }
        var loss = NceLoss.Compute(tensor(new[] { 0.9, 0.1, 0.3, 0.2, 0.05, 1.5 }, 2, 3), n).item<double>();
        Assert.Equal(expected / 2, loss, 10);
    }

    [Fact]
    public void NormalisationIsEstimatedOnceFromTheFirstBatch()
    {
        using var scope = NewDisposeScope();
        using var npid = Create(dataSize: 4);
        npid.FillMemory(tensor(new float[] { 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1 }, 4, 4));
        var features = tensor(new float[] { 1, 0, 0, 0, 0, 0.6f, 0.8f, 0 }, 2, 4);
        var candidates = tensor(new long[] { 0, 1, 2, 1, 2, 3 }, 2, 3);
        Assert.Null(npid.NormalisationConstant);

        var probabilities = npid.Probabilities(features, candidates);
        double[] similarities = [1, 0, 0, 0.6, 0.8, 0];
        var expectedZ = similarities.Average(s => Math.Exp(s / 0.07)) * 4;
        Assert.Equal(expectedZ, npid.NormalisationConstant!.Value, expectedZ * 1e-5);
        Assert.Equal(Math.Exp(0.8 / 0.07) / expectedZ, probabilities[1, 1].item<float>(), 1e-5);

        npid.Probabilities(features.flip(0), candidates);
        Assert.Equal(expectedZ, npid.NormalisationConstant!.Value, expectedZ * 1e-5);
    }

    [Fact]
    public void MemoryUpdateMixesWithMomentumAndRenormalises()
    {
        using var scope = NewDisposeScope();
        using var npid = Create(dataSize: 3, momentum: 0.5);
        npid.FillMemory(tensor(new float[] { 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0 }, 3, 4));
        npid.UpdateMemory(tensor(new float[] { 0, 1, 0, 0 }, 1, 4), tensor(new long[] { 2 }));
        var memory = npid.MemorySnapshot();
        var s = (float)Math.Sqrt(0.5);
        Assert.Equal(new float[] { 0, s, s, 0 }, memory[2].data<float>().ToArray(), new FloatTolerance(1e-6f));
        Assert.Equal(new float[] { 1, 0, 0, 0 }, memory[0].data<float>().ToArray());
        Assert.Equal(new float[] { 0, 1, 0, 0 }, memory[1].data<float>().ToArray());
    }

    [Fact]
    public void TrainingStepsWriteTheBatchIntoMemoryKeepingItNormalised()
    {
        using var scope = NewDisposeScope();
        using var npid = Create(dataSize: 64, noise: 32, projectionDim: 16);
        npid.train();
        var clips = DistinguishableClips.Create(64, seed: 4);
        var before = npid.MemorySnapshot();
        using (no_grad()) npid.call(clips.narrow(0, 0, 16), arange(16, dtype: ScalarType.Int64));
        var after = npid.MemorySnapshot();
        Assert.NotNull(npid.NormalisationConstant);
        Assert.False(after.narrow(0, 0, 16).allclose(before.narrow(0, 0, 16)));
        Assert.True(after.narrow(0, 16, 48).allclose(before.narrow(0, 16, 48), rtol: 0, atol: 0));
        Assert.True(after.norm(1).allclose(ones(64), atol: 1e-5));
    }

    [Fact]
    public void GradientStepsLowerTheNceLossAgainstAFixedMemory()
    {
        using var scope = NewDisposeScope();
        using var npid = Create(dataSize: 256, noise: 64, projectionDim: 128);
        var clips = DistinguishableClips.Create(32, seed: 4);
        var indices = arange(32, dtype: ScalarType.Int64);
        npid.train();
        using (no_grad()) npid.call(clips, indices);   // estimates Z and writes the clips' memory entries
        npid.eval();                                    // from here the memory stays fixed
        using var optimizer = optim.SGD(npid.TrainableParameters(), 0.01, momentum: 0.9);
        var losses = new List<float>();
        for (var step = 0; step < 30; step++)
        {
            using var stepScope = NewDisposeScope();
            npid.NoiseGenerator.manual_seed(9);         // the same noise candidates every step
            optimizer.zero_grad();
            var loss = npid.call(clips, indices);
            loss.backward();
            optimizer.step();
            losses.Add(loss.item<float>());
        }
        Assert.True(losses[^1] < losses[0] * 0.5, $"loss did not fall: {string.Join(", ", losses)}");
    }
}

internal sealed class FloatTolerance(float tolerance) : IEqualityComparer<float>
{
    public bool Equals(float x, float y) => Math.Abs(x - y) <= tolerance;
    public int GetHashCode(float obj) => 0;
}
