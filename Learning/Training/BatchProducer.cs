using System.Runtime.ExceptionServices;

namespace Grid.Learning.Training;

/// <summary>
/// Prepares items 0 … count − 1 (an epoch's batches) ahead of the one thread that takes them, in order. With
/// <c>workers</c> = 0 each item is prepared inline, on the taking thread, when it is taken; otherwise that many
/// threads prepare items in index order, never more than <c>ahead</c> items beyond the one taken last, so memory
/// stays bounded. What an item holds must depend only on its index (never on which thread or in which order it was
/// prepared): the results are then the same for any number of workers.
/// An item taken is the taker's to dispose; dispose the producer to stop its threads and release what was prepared
/// but never taken. A failure preparing an item is thrown to the taker when it takes that item.
/// Every wait of the taker (and inline preparation) is added to <see cref="DataWait"/>.
/// </summary>
public sealed class BatchProducer<T> : IDisposable where T : class, IDisposable
{
    private readonly Func<int, T> _prepare;
    private readonly int _count;
    private readonly int _ahead;
    private readonly T?[] _ready;
    private readonly ExceptionDispatchInfo?[] _failed;
    private readonly Thread[] _threads;
    private readonly DataWaitClock _wait;
    private readonly object _gate = new();
    private int _nextToPrepare;
    private int _nextToTake;
    private bool _stopped;

    /// <param name="count">Items to prepare.</param>
    /// <param name="workers">Threads preparing items; 0 prepares each item inline when it is taken.</param>
    /// <param name="ahead">Most items prepared but not yet taken (at least 1).</param>
    /// <param name="prepare">Prepares item i; called on a worker thread (or the taker's, with no workers).</param>
    /// <param name="wait">Accumulates the taker's waiting; a new clock when null.</param>
    public BatchProducer(int count, int workers, int ahead, Func<int, T> prepare, DataWaitClock? wait = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfNegative(workers);
        ArgumentOutOfRangeException.ThrowIfLessThan(ahead, 1);
        _prepare = prepare ?? throw new ArgumentNullException(nameof(prepare));
        _count = count;
        _ahead = ahead;
        _ready = new T?[count];
        _failed = new ExceptionDispatchInfo?[count];
        _wait = wait ?? new DataWaitClock();
        _threads = Enumerable.Range(0, Math.Min(workers, count)).Select(k => new Thread(Work)
        {
            IsBackground = true,
            Name = $"batch-worker-{k}",
        }).ToArray();
        foreach (var thread in _threads) thread.Start();
    }

    /// <summary>Items in all.</summary>
    public int Count => _count;

    /// <summary>Items not yet taken.</summary>
    public int Remaining => _count - _nextToTake;

    /// <summary>The taker's accumulated wait for items.</summary>
    public DataWaitClock DataWait => _wait;

    /// <summary>The next item, in index order; waits for it (counted in <see cref="DataWait"/>). The caller disposes it.</summary>
    public T Take(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (_nextToTake >= _count) throw new InvalidOperationException($"all {_count} items have been taken");
        var index = _nextToTake;
        if (_threads.Length == 0)
        {
            _nextToTake++;
            return _wait.Measure(() => _prepare(index));
        }
        using var timing = _wait.Start();
        lock (_gate)
        {
            while (_ready[index] is null && _failed[index] is null)
            {
                cancellationToken.ThrowIfCancellationRequested();
                Monitor.Wait(_gate, TimeSpan.FromMilliseconds(50));
            }
            var item = _ready[index];
            _ready[index] = null;
            _nextToTake++;
            Monitor.PulseAll(_gate);
            _failed[index]?.Throw();
            return item!;
        }
    }

    private void Work()
    {
        while (true)
        {
            int index;
            lock (_gate)
            {
                while (!_stopped && _nextToPrepare < _count && _nextToPrepare >= _nextToTake + _ahead)
                    Monitor.Wait(_gate);
                if (_stopped || _nextToPrepare >= _count) return;
                index = _nextToPrepare++;
            }
            T? item = null;
            ExceptionDispatchInfo? failure = null;
            try
            {
                item = _prepare(index);
            }
            catch (Exception error)
            {
                failure = ExceptionDispatchInfo.Capture(error);
            }
            lock (_gate)
            {
                if (_stopped)
                {
                    item?.Dispose();
                    return;
                }
                _ready[index] = item;
                _failed[index] = failure;
                Monitor.PulseAll(_gate);
            }
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_stopped) return;
            _stopped = true;
            Monitor.PulseAll(_gate);
        }
        foreach (var thread in _threads) thread.Join();
        for (var i = 0; i < _ready.Length; i++)
        {
            _ready[i]?.Dispose();
            _ready[i] = null;
        }
    }
}
