using System.Diagnostics;
using System.Globalization;
using Grid.Grains;
using Grid.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace Grid.Tests.Cluster;

/// <summary>Recovery on membership: a SIGKILLed silo's fold runs again as soon as the cluster declares the silo dead.</summary>
[Collection(SiloProcessCollection.Name)]
[Trait("Category", "Process")]
public sealed class MembershipRecoveryTests(SiloProcessFixture fixture, ITestOutputHelper output)
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task AKilledSilosFoldRunsOnTheSurvivorBeforeItsLeaseCouldExpire()
    {
        var leaseTimeout = TimeSpan.Parse(fixture.SiloSettings("lease")["GRID_Scheduler__LeaseTimeout"], CultureInfo.InvariantCulture);
        await using var grid = fixture.NewGrid("membership");
        var silos = new[] { await grid.StartSiloAsync(), await grid.StartSiloAsync() };
        var client = await grid.ClientAsync();
        const string id = "membership";
        // Epochs enough that the fold still runs, whatever this machine's speed, when its silo is killed.
        await client.GetGrain<IExperimentGrain>(id).LaunchAsync(fixture.Spec("membership", "[1]", epochs: 200));
        var running = await Eventually.WaitAsync(() => client.GetGrain<IExperimentGrain>(id).GetSnapshotAsync(),
            s => s.Trials.Count == 1 && s.Trials[0].Folds.Any(f => f.State == FoldState.Running && f.EpochAccuracies.Count >= 1), Limit, "the fold has a checkpoint");
        var victim = running.Trials[0].Folds.Single();
        var killed = silos.Single(s => s.Output.Contains($"Runner of {victim.Silo} started", StringComparison.Ordinal));
        var survivor = silos.Single(s => s != killed);
        var runningLine = $"Running {GrainKeys.JobId(JobKind.Fold, victim.Key)} on slot";
        Assert.DoesNotContain(runningLine, survivor.Output);

        var sinceKill = Stopwatch.StartNew();
        killed.Kill();
        while (!survivor.Output.Contains(runningLine, StringComparison.Ordinal) && sinceKill.Elapsed < Limit)
            await Task.Delay(20);
        var recovery = sinceKill.Elapsed;

        output.WriteLine($"SIGKILL → the fold running on the survivor: {recovery.TotalSeconds:0.00} s (lease timeout {leaseTimeout.TotalSeconds:0} s)");
        Assert.True(survivor.Output.Contains(runningLine, StringComparison.Ordinal), "the fold never ran on the survivor");
        Assert.True(recovery < leaseTimeout, $"the fold ran again {recovery.TotalSeconds:0.00} s after the kill: it waited for its lease to expire");
    }
}
