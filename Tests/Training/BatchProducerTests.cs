using System.Diagnostics;
using Grid.Learning.Training;
using Xunit;

namespace Grid.Tests.Training;

[Trait("Category", "Unit")]
public sealed class BatchProducerTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(3)]
    public void ItemsComeInIndexOrderWithAnyNumberOfWorkers(int workers)
    {
        using var producer = new BatchProducer<Item>(20, workers, ahead: 2, index => new Item(index));
        var taken = Enumerable.Range(0, 20).Select(_ => producer.Take(CancellationToken.None)).ToArray();
        Assert.Equal(Enumerable.Range(0, 20), taken.Select(i => i.Index));
        Assert.Equal(0, producer.Remaining);
        Assert.Throws<InvalidOperationException>(() => producer.Take(CancellationToken.None));
    }

    [Fact]
    public void WorkersStayAtMostAheadItemsBeyondTheTaker()
    {
        using var prepared = new SemaphoreSlim(0);
        using var producer = new BatchProducer<Item>(50, workers: 4, ahead: 3, index =>
        {
            prepared.Release();
            return new Item(index);
        });
        // Waits for the preparations that must come, then gives a wrong one a moment to show itself.
        for (var i = 0; i < 3; i++) Assert.True(prepared.Wait(TimeSpan.FromMinutes(1)), $"item {i} was never prepared");
        Assert.False(prepared.Wait(TimeSpan.FromMilliseconds(300)), "a fourth item was prepared before one was taken");
        using (producer.Take(CancellationToken.None)) { }
        Assert.True(prepared.Wait(TimeSpan.FromMinutes(1)), "taking one did not let a fourth be prepared");
        Assert.False(prepared.Wait(TimeSpan.FromMilliseconds(300)), "a fifth item was prepared after only one was taken");
    }

    [Fact]
    public void AFailureReachesTheTakerAtItsItemAndDisposeReleasesWhatWasNotTaken()
    {
        var items = new List<Item>();
        var producer = new BatchProducer<Item>(6, workers: 2, ahead: 4, index =>
        {
            if (index == 1) throw new InvalidDataException("clip 1 is broken");
            var item = new Item(index);
            lock (items) items.Add(item);
            return item;
        });
        var first = producer.Take(CancellationToken.None);
        Assert.Equal(0, first.Index);
        var error = Assert.Throws<InvalidDataException>(() => producer.Take(CancellationToken.None));
        Assert.Equal("clip 1 is broken", error.Message);
        Thread.Sleep(200);
        producer.Dispose();
        lock (items) Assert.All(items.Where(i => i != first), i => Assert.True(i.Disposed, $"item {i.Index} was not released"));
        Assert.False(first.Disposed);
    }

    [Fact]
    public void TakingHonoursCancellationAndCountsTheWait()
    {
        using var gate = new ManualResetEventSlim();
        using var producer = new BatchProducer<Item>(2, workers: 1, ahead: 1, index =>
        {
            gate.Wait();
            return new Item(index);
        });
        using var cancelled = new CancellationTokenSource();
        // Cancels once the taker's wait has been counted for 100 ms (or after a minute, which fails below).
        var canceller = new Thread(() =>
        {
            var limit = Stopwatch.StartNew();
            while (producer.DataWait.Elapsed < TimeSpan.FromMilliseconds(100) && limit.Elapsed < TimeSpan.FromMinutes(1)) Thread.Sleep(10);
            cancelled.Cancel();
        });
        canceller.Start();
        Assert.ThrowsAny<OperationCanceledException>(() => producer.Take(cancelled.Token));
        canceller.Join();
        Assert.True(producer.DataWait.Elapsed >= TimeSpan.FromMilliseconds(100), $"waited {producer.DataWait.Elapsed}");
        gate.Set();
    }

    private sealed class Item(int index) : IDisposable
    {
        public int Index { get; } = index;
        public bool Disposed { get; private set; }
        public void Dispose() => Disposed = true;
    }
}
