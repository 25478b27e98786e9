using Grid.Learning.Pretraining;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace Grid.Tests.Pretraining;

[Trait("Category", "Unit")]
public sealed class InfoNceTests
{
    [Fact]
    public void LogitsPutThePositiveFirstAndDivideByTheTemperature()
    {
        using var scope = NewDisposeScope();
        var queries = tensor(new float[] { 1, 0, 0, 1 }, 2, 2);
        var keys = tensor(new float[] { 1, 0, 1, 0 }, 2, 2);
        var negatives = tensor(new float[] { 0, 1, -1, 0, 1, 0 }, 3, 2);
        var logits = InfoNce.Logits(queries, keys, negatives, 0.5);   // logits: 2×(1+3)
        Assert.Equal(new long[] { 2, 4 }, logits.shape);
        Assert.Equal(new float[] { 2, 0, -2, 2, 0, 2, 0, 0 }, logits.data<float>().ToArray());
    }

    [Fact]
    public void APerfectMatchAgainstOrthogonalNegativesHasNearZeroLoss()
    {
        using var scope = NewDisposeScope();
        var queries = eye(4, 128);                                   // rows e0..e3
        var negatives = eye(128).narrow(0, 4, 64);                   // e4..e67: orthogonal to every query
        var loss = InfoNce.Loss(InfoNce.Logits(queries, queries, negatives, 0.07)).item<float>();
        Assert.InRange(loss, 0f, 1e-3f);
    }

    [Fact]
    public void UninformativeLogitsCostLogOnePlusK()
    {
        using var scope = NewDisposeScope();
        const int k = 255;
        var queries = eye(8, 16).narrow(1, 0, 16);
        var keys = eye(16).narrow(0, 8, 8);                          // orthogonal to the queries: every logit 0
        var negatives = zeros(k, 16);
        var exact = InfoNce.Loss(InfoNce.Logits(queries, keys, negatives, 0.2)).item<float>();
        Assert.Equal(Math.Log(1 + k), exact, 4);

        manual_seed(7);
        var randomQueries = nn.functional.normalize(randn(64, 128), dim: 1);
        var randomKeys = nn.functional.normalize(randn(64, 128), dim: 1);
        var randomNegatives = nn.functional.normalize(randn(k, 128), dim: 1);
        var random = InfoNce.Loss(InfoNce.Logits(randomQueries, randomKeys, randomNegatives, 1.0)).item<float>();
        Assert.InRange(random, Math.Log(1 + k) - 0.1, Math.Log(1 + k) + 0.1);
    }
}
