using Grid.Grains;
using Grid.Silo.Runner;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;
using static Grid.Tests.Cluster.JobBoardSamples;

namespace Grid.Tests.Cluster;

/// <summary>The scheduler's push to idle runners, its runner-side signal and the board's list of silos with free slots.</summary>
[Trait("Category", "Unit")]
public sealed class RunnerNotifierTests
{
    private sealed class CountingRunner : IRunnerObserver
    {
        public int Notices { get; private set; }

        public List<Guid> Revoked { get; } = [];

        public void WorkAvailable() => Notices++;

        public void LeaseRevoked(Guid leaseId) => Revoked.Add(leaseId);
    }

    private static RunnerNotifier Notifier() => new(TimeSpan.FromMinutes(1), NullLogger.Instance);

    [Fact]
    public void TellsEachIdleSiloOnceUntilItPolls()
    {
        var (notifier, a, b) = (Notifier(), new CountingRunner(), new CountingRunner());
        Assert.True(notifier.Register("silo-a", a));
        Assert.True(notifier.Register("silo-b", b));

        notifier.Notify(["silo-a", "silo-b"]);
        notifier.Notify(["silo-a", "silo-b"]);
        Assert.Equal((1, 1), (a.Notices, b.Notices));

        notifier.Polled("silo-a");
        notifier.Notify(["silo-a", "silo-b"]);
        Assert.Equal((2, 1), (a.Notices, b.Notices));
        Assert.Equal(3, notifier.Sent);
    }

    [Fact]
    public void TellsOnlyTheSilosNamedAndRegistered()
    {
        var (notifier, a, b) = (Notifier(), new CountingRunner(), new CountingRunner());
        notifier.Register("silo-a", a);
        notifier.Register("silo-b", b);
        notifier.Forget("silo-b");

        notifier.Notify(["silo-b", "silo-c"]);
        notifier.Notify(["silo-a"]);

        Assert.Equal((1, 0), (a.Notices, b.Notices));
    }

    [Fact]
    public void ARenewalIsNotANewRegistrationButAnotherObserverIs()
    {
        var (notifier, first, second) = (Notifier(), new CountingRunner(), new CountingRunner());
        Assert.True(notifier.Register("silo-a", first));
        notifier.Notify(["silo-a"]);

        Assert.False(notifier.Register("silo-a", first));
        notifier.Notify(["silo-a"]);
        Assert.Equal(1, first.Notices);

        // A restarted runner's new observer replaces the old one and may be told at once.
        Assert.True(notifier.Register("silo-a", second));
        notifier.Notify(["silo-a"]);
        Assert.Equal((1, 1), (first.Notices, second.Notices));
    }

    [Fact]
    public void ARevokedLeaseIsToldToItsSiloAloneAndOnlyWhenRegistered()
    {
        var (notifier, a, b) = (Notifier(), new CountingRunner(), new CountingRunner());
        notifier.Register("silo-a", a);
        notifier.Register("silo-b", b);
        var lease = Guid.NewGuid();

        notifier.Revoked("silo-a", lease);
        notifier.Revoked("silo-c", Guid.NewGuid());

        Assert.Equal([lease], a.Revoked);
        Assert.Empty(b.Revoked);
        Assert.Equal((0, 0), (a.Notices, b.Notices));
        Assert.Equal(1, notifier.RevocationsSent);
    }

    [Fact]
    public void RemovingARunningJobReturnsTheLeaseItRevokedAndAQueuedOneNone()
    {
        var board = Board(1, "silo-a");
        board.Enqueue(Fold("e", 0, 1));
        board.Enqueue(Fold("e", 0, 2));
        var running = board.Poll("silo-a", 0, T0)!;

        var revoked = board.Remove(running.Ticket.JobId);
        var queued = board.Remove(Fold("e", 0, 2).JobId);

        Assert.Equal((running.LeaseId, "silo-a"), (revoked!.LeaseId, revoked.Silo));
        Assert.Null(queued);
        Assert.False(board.Holds(running.Ticket.JobId, running.LeaseId));
    }

    [Fact]
    public void TheRunnersSignalPassesARevokedLeaseOn()
    {
        var revoked = new List<Guid>();
        var signal = new WorkSignal(revoked.Add);
        var lease = Guid.NewGuid();
        var seen = signal.Version;

        signal.LeaseRevoked(lease);

        Assert.Equal([lease], revoked);
        Assert.Equal(seen, signal.Version);
    }

    [Fact]
    public void TheBoardNamesSilosWithAFreeSlotOnlyWhileJobsAreQueued()
    {
        var board = Board(1, "silo-a", "silo-b");
        Assert.Empty(board.SilosWithFreeSlots());

        board.Enqueue(Fold("e", 0, 1));
        board.Enqueue(Fold("e", 0, 2));
        Assert.Equal(["silo-a", "silo-b"], board.SilosWithFreeSlots().Order());

        Assert.NotNull(board.Poll("silo-a", 0, T0));
        Assert.Equal(["silo-b"], board.SilosWithFreeSlots());
    }

    [Fact]
    public void ASignalBetweenAnEmptyPollAndTheWaitIsNotLost()
    {
        var signal = new WorkSignal();
        var seen = signal.Version;
        signal.WorkAvailable();

        var watch = System.Diagnostics.Stopwatch.StartNew();
        Assert.True(signal.Wait(seen, TimeSpan.FromMinutes(1), CancellationToken.None));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30));
    }

    [Fact]
    public void AWaitEndsOnANoticeFromAnotherThreadOrOnItsTimeout()
    {
        var signal = new WorkSignal();
        Assert.False(signal.Wait(signal.Version, TimeSpan.FromMilliseconds(50), CancellationToken.None));

        var seen = signal.Version;
        var notifier = new Thread(() =>
        {
            Thread.Sleep(100);
            signal.WorkAvailable();
        });
        notifier.Start();
        Assert.True(signal.Wait(seen, TimeSpan.FromMinutes(1), CancellationToken.None));
        notifier.Join();

        using var stopping = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        Assert.False(signal.Wait(signal.Version, TimeSpan.FromMinutes(1), stopping.Token));
    }
}
