using Grid.Learning.Training;
using Xunit;

namespace Grid.Tests.Training;

public sealed class LearningRateScheduleTests
{
    [Fact]
    public void CosineStartsAtTheBaseRateAndHalvesAtMidpoint()
    {
        var schedule = new LearningRateSchedule(new TrainingOptions { LearningRate = 0.1, Epochs = 10, Schedule = "cosine" });
        Assert.Equal(0.1, schedule.RateAt(0, 0, 5), 12);
        Assert.Equal(0.05, schedule.RateAt(5, 3, 5), 12);
        Assert.Equal(0.1 * 0.5 * (1 + Math.Cos(Math.PI * 9 / 10)), schedule.RateAt(9, 0, 5), 12);
    }

    [Fact]
    public void StepMultipliesByGammaEveryStepSizeEpochs()
    {
        var schedule = new LearningRateSchedule(new TrainingOptions { LearningRate = 1, Epochs = 30, Schedule = "step", StepSize = 10, StepGamma = 0.1 });
        Assert.Equal(1, schedule.RateAt(9, 0, 1), 12);
        Assert.Equal(0.1, schedule.RateAt(10, 0, 1), 12);
        Assert.Equal(0.01, schedule.RateAt(29, 0, 1), 12);
    }

    [Fact]
    public void WarmupRisesLinearlyPerStepThenHandsOverToTheSchedule()
    {
        var schedule = new LearningRateSchedule(new TrainingOptions { LearningRate = 0.4, Epochs = 5, Schedule = "constant", WarmupEpochs = 2 });
        Assert.Equal(0.4 * 1 / 8, schedule.RateAt(0, 0, 4), 12);
        Assert.Equal(0.4 * 6 / 8, schedule.RateAt(1, 1, 4), 12);
        Assert.Equal(0.4, schedule.RateAt(1, 3, 4), 12);
        Assert.Equal(0.4, schedule.RateAt(4, 2, 4), 12);
        var cosine = new LearningRateSchedule(new TrainingOptions { LearningRate = 0.4, Epochs = 6, Schedule = "cosine", WarmupEpochs = 2 });
        Assert.Equal(0.4, cosine.RateAt(2, 0, 4), 12);
        Assert.Equal(0.2, cosine.RateAt(4, 0, 4), 12);
    }

    [Theory]
    [InlineData("linear", "Schedule")]
    [InlineData("cosine", "WarmupEpochs")]
    public void BadOptionsNameTheField(string schedule, string field)
    {
        var options = new TrainingOptions { Schedule = schedule, Epochs = 3, WarmupEpochs = field == "WarmupEpochs" ? 3 : 0 };
        var error = Assert.Throws<ArgumentException>(() => new LearningRateSchedule(options));
        Assert.Contains(field, error.Message);
    }
}
