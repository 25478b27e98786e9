using Grid.Grains.Specs;
using Grid.Silo;
using Xunit;

namespace Grid.Tests.Cluster;

/// <summary>The sweep a silo plans when it starts stays a valid spec that reaches every part of the planner it is meant to warm.</summary>
[Trait("Category", "Unit")]
public sealed class PlannerWarmUpTests
{
    [Fact]
    public void TheBuiltInSweepPlansWithPretrainingASearchAndAStoppingRule()
    {
        var plan = PlannerWarmUp.Plan();

        Assert.Equal(4, plan.Trials.Count);
        Assert.Contains(plan.Trials, t => t.Folds.Any(f => f.Pretraining is not null));
        Assert.IsNotType<NoStopping>(plan.Spec.Stopping);
        Assert.Equal(2, plan.Spec.Dataset.Folds.Count);
    }
}
