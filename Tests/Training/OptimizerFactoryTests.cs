using Grid.Learning.Training;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace Grid.Tests.Training;

[Trait("Category", "Unit")]
public sealed class OptimizerFactoryTests
{
    [Theory]
    [InlineData("sgd")]
    [InlineData("adam")]
    public void BothOptimisersMinimiseAQuadraticAndFollowTheScheduledRate(string name)
    {
        using var scope = NewDisposeScope();
        var weight = new TorchSharp.Modules.Parameter(full(3, 5f));
        using var optimizer = OptimizerFactory.Create([weight], new TrainingOptions { Optimizer = Enum.Parse<OptimizerKind>(name, ignoreCase: true), LearningRate = 0.1, WeightDecay = 0 });
        OptimizerFactory.SetLearningRate(optimizer, 0.05);
        Assert.All(optimizer.ParamGroups, group => Assert.Equal(0.05, group.LearningRate));
        for (var step = 0; step < 200; step++)
        {
            using var stepScope = NewDisposeScope();
            optimizer.zero_grad();
            weight.pow(2).sum().backward();
            optimizer.step();
        }
        Assert.True(weight.abs().max().item<float>() < 0.5f);
    }

    [Fact]
    public void UnknownOptimiserIsNamed()
    {
        var error = Assert.Throws<ArgumentException>(() => OptimizerFactory.Create([], new TrainingOptions { Optimizer = (OptimizerKind)7 }));
        Assert.Contains("Optimizer must be sgd or adam, got '7'", error.Message);
    }
}
