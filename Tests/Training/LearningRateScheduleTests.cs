using Grid.Learning.Training;
using Xunit;

namespace Grid.Tests.Training;

[Trait("Category", "Unit")]
public sealed class LearningRateScheduleTests
{
    [Fact]
    public void CosineStartsAtTheBaseRateAndHalvesAtMidpoint()
    {
        var schedule = new LearningRateSchedule(new TrainingOptions { LearningRate = 0.1, Epochs = 10, Schedule = ScheduleKind.Cosine });
        Assert.Equal(0.1, schedule.RateAt(0, 0, 5), 12);
        Assert.Equal(0.05, schedule.RateAt(5, 3, 5), 12);
        Assert.Equal(0.1 * 0.5 * (1 + Math.Cos(Math.PI * 9 / 10)), schedule.RateAt(9, 0, 5), 12);
    }

    [Fact]
    public void StepMultipliesByGammaEveryStepSizeEpochs()
    {
        var schedule = new LearningRateSchedule(new TrainingOptions { LearningRate = 1, Epochs = 30, Schedule = ScheduleKind.Step, StepSize = 10, StepGamma = 0.1 });
        Assert.Equal(1, schedule.RateAt(9, 0, 1), 12);
        Assert.Equal(0.1, schedule.RateAt(10, 0, 1), 12);
        Assert.Equal(0.01, schedule.RateAt(29, 0, 1), 12);
    }

    [Fact]
    public void WarmupRisesLinearlyPerStepThenHandsOverToTheSchedule()
    {
        var schedule = new LearningRateSchedule(new TrainingOptions { LearningRate = 0.4, Epochs = 5, Schedule = ScheduleKind.Constant, WarmupEpochs = 2 });
        Assert.Equal(0.4 * 1 / 8, schedule.RateAt(0, 0, 4), 12);
        Assert.Equal(0.4 * 6 / 8, schedule.RateAt(1, 1, 4), 12);
        Assert.Equal(0.4, schedule.RateAt(1, 3, 4), 12);
        Assert.Equal(0.4, schedule.RateAt(4, 2, 4), 12);
        var cosine = new LearningRateSchedule(new TrainingOptions { LearningRate = 0.4, Epochs = 6, Schedule = ScheduleKind.Cosine, WarmupEpochs = 2 });
        Assert.Equal(0.4, cosine.RateAt(2, 0, 4), 12);
        Assert.Equal(0.2, cosine.RateAt(4, 0, 4), 12);
    }

    [Theory]
    [InlineData("linear", "Schedule")]
    [InlineData("cosine", "WarmupEpochs")]
    public void BadOptionsNameTheField(string schedule, string field)
    {
        var options = new TrainingOptions { Schedule = Enum.TryParse<ScheduleKind>(schedule, ignoreCase: true, out var kind) ? kind : (ScheduleKind)99, Epochs = 3, WarmupEpochs = field == "WarmupEpochs" ? 3 : 0 };
        var error = Assert.Throws<ArgumentException>(() => new LearningRateSchedule(options));
        Assert.Contains(field, error.Message);
    }

    [Fact]
    public void MultistepMultipliesByGammaFromEachMilestoneOn()
    {
        var schedule = new LearningRateSchedule(new TrainingOptions
        {
            LearningRate = 0.03, Epochs = 200, Schedule = ScheduleKind.Multistep, Milestones = [120, 160], StepGamma = 0.1,
        });
        Assert.Equal(0.03, schedule.RateAt(0, 0, 10), 15);
        Assert.Equal(0.03, schedule.RateAt(119, 9, 10), 15);
        Assert.Equal(0.003, schedule.RateAt(120, 0, 10), 15);
        Assert.Equal(0.003, schedule.RateAt(159, 9, 10), 15);
        Assert.Equal(0.0003, schedule.RateAt(160, 0, 10), 15);
        Assert.Equal(0.0003, schedule.RateAt(199, 9, 10), 15);
    }

    [Fact]
    public void MultistepAfterAWarmupCountsMilestonesInAbsoluteEpochs()
    {
        var schedule = new LearningRateSchedule(new TrainingOptions
        {
            LearningRate = 0.4, Epochs = 10, Schedule = ScheduleKind.Multistep, Milestones = [1, 5], StepGamma = 0.5, WarmupEpochs = 2,
        });
        Assert.Equal(0.4 * 1 / 4, schedule.RateAt(0, 0, 2), 15);    // warm-up, although milestone 1 has passed
        Assert.Equal(0.4 * 4 / 4, schedule.RateAt(1, 1, 2), 15);
        Assert.Equal(0.2, schedule.RateAt(2, 0, 2), 15);            // milestone 1 applies once the warm-up ends
        Assert.Equal(0.2, schedule.RateAt(4, 1, 2), 15);
        Assert.Equal(0.1, schedule.RateAt(5, 0, 2), 15);
        Assert.Equal(0.1, schedule.RateAt(9, 1, 2), 15);
    }

    [Theory]
    [InlineData(new[] { 160, 120 }, "strictly increasing")]
    [InlineData(new[] { 120, 120 }, "strictly increasing")]
    [InlineData(new[] { 0, 120 }, "positive")]
    public void BadMilestonesAreRefusedByName(int[] milestones, string problem)
    {
        var options = new TrainingOptions { Schedule = ScheduleKind.Multistep, Epochs = 200, Milestones = milestones };
        var error = Assert.Throws<ArgumentException>(() => new LearningRateSchedule(options));
        Assert.Contains("Milestones", error.Message);
        Assert.Contains(problem, error.Message);
    }
}
