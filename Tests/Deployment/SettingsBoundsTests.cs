using Grid.Configuration;
using Grid.Silo.Configuration;
using Grid.Silo.Runner;
using Xunit;

namespace Grid.Tests.Deployment;

/// <summary>
/// Count and interval settings have upper bounds, checked when the silo loads its settings: a mistyped count would
/// otherwise make that many slots or threads at start, and a huge interval throws later from a timer or a deadline.
/// </summary>
[Trait("Category", "Unit")]
public sealed class SettingsBoundsTests
{
    [Theory]
    [InlineData("Runner:CpuSlots")]
    [InlineData("Runner:ThreadsPerSlot")]
    [InlineData("Runner:DataWorkers")]
    [InlineData("Runner:BatchWorkers")]
    public void ACountAboveTheLimitIsRefusedByName(string key)
    {
        var error = Assert.Throws<GridConfigurationException>(() => SettingsLoader.Load(SiloConfigurationTests.Configuration((key, "2000000000"))));

        Assert.Equal($"invalid configuration: {key} must be at most 1024 (got 2000000000)", error.Message);
        SettingsLoader.Load(SiloConfigurationTests.Configuration((key, "1024")));
    }

    [Theory]
    [InlineData("Runner:HeartbeatInterval")]
    [InlineData("Runner:PollInterval")]
    [InlineData("Runner:SimulatedEpoch")]
    [InlineData("Scheduler:ExpiryCheckInterval")]
    public void AnIntervalAboveOneDayIsRefusedByName(string key)
    {
        var error = Assert.Throws<GridConfigurationException>(() =>
            SettingsLoader.Load(SiloConfigurationTests.Configuration((key, "100.00:00:00"), ("Scheduler:LeaseTimeout", "1.00:00:00"))));

        Assert.Contains($"{key} must be at most 1.00:00:00 (got 100.00:00:00)", error.Message);
    }

    [Fact]
    public void ALeaseTimeoutAboveOneDayIsRefusedByName()
    {
        var error = Assert.Throws<GridConfigurationException>(() => SettingsLoader.Load(SiloConfigurationTests.Configuration(("Scheduler:LeaseTimeout", "10675199.00:00:00"))));

        Assert.Equal("invalid configuration: Scheduler:LeaseTimeout must be at most 1.00:00:00 (got 10675199.00:00:00)", error.Message);
    }

    [Fact]
    public void TheLargestCpuSlotCountPlansThatManySlots()
    {
        var settings = SettingsLoader.Load(SiloConfigurationTests.Configuration(("Runner:CpuSlots", "1024"), ("Runner:Gpus", "0"))).Runner;

        Assert.Equal(1_024, SlotPlanner.Plan(settings).Count);
    }
}
