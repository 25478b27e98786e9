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
        var prepared = 0;
        using var producer = new BatchProducer<Item>(50, workers: 4, ahead: 3, index =>
        {
            Interlocked.Increment(ref prepared);
            return new Item(index);
        });
        Thread.Sleep(300);
        Assert.Equal(3, Volatile.Read(ref prepared));
        using (producer.Take(CancellationToken.None)) { }
        Thread.Sleep(300);
        Assert.Equal(4, Volatile.Read(ref prepared));
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
        using var cancelled = new CancellationTokenSource(TimeSpan.FromMilliseconds(150));
        Assert.ThrowsAny<OperationCanceledException>(() => producer.Take(cancelled.Token));
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
