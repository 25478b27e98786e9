using System.Diagnostics;

namespace Grid.Learning.Training;

/// <summary>
/// How long a training thread waited for its data in one epoch: waiting for prepared batches, or preparing them
/// itself (no workers, evaluation features). Used from that one thread only.
/// </summary>
public sealed class DataWaitClock
{
    private readonly Stopwatch _watch = new();

    public TimeSpan Elapsed => _watch.Elapsed;

    /// <summary>Runs <paramref name="produce"/> and counts its time as waiting.</summary>
    public TResult Measure<TResult>(Func<TResult> produce)
    {
        using var timing = Start();
        return produce();
    }

    /// <summary>Counts the time until the returned handle is disposed as waiting.</summary>
    public Timing Start()
    {
        _watch.Start();
        return new Timing(_watch);
    }

    /// <summary>A running measurement; dispose to stop it.</summary>
    public readonly struct Timing(Stopwatch watch) : IDisposable
    {
        public void Dispose() => watch.Stop();
    }
}
