using System.Diagnostics;
using System.Globalization;

namespace Grid.Silo.Runner;

/// <summary>
/// Where one run of a job spent its time on the slot, logged with its end: what the grid adds to a job (begin, data,
/// the result, the completion, and uploads the next epoch had to wait for) against the training itself.
/// </summary>
public sealed class JobPhases
{
    private readonly Stopwatch _total = Stopwatch.StartNew();
    private long _begin;
    private long _data;
    private long _result;
    private long _completion;
    private long _uploadWait;

    /// <summary>The job grain's begin call (before the run is logged as running).</summary>
    public void Begin(TimeSpan elapsed) => _begin += elapsed.Ticks;

    /// <summary>Holding the dataset (a download, or the cache's check of its manifest) and opening the resume checkpoint.</summary>
    public void Data(TimeSpan elapsed) => _data += elapsed.Ticks;

    public void Result(TimeSpan elapsed) => _result += elapsed.Ticks;

    public void Completion(TimeSpan elapsed) => _completion += elapsed.Ticks;

    /// <summary>The job's thread waited for the previous epoch's upload and report (thread-safe: one job thread adds).</summary>
    public void UploadWait(TimeSpan elapsed) => Interlocked.Add(ref _uploadWait, elapsed.Ticks);

    /// <summary>Times <paramref name="action"/> into <paramref name="phase"/>.</summary>
    public static void Time(Action<TimeSpan> phase, Action action) => Time(phase, () =>
    {
        action();
        return 0;
    });

    /// <summary>Times <paramref name="action"/> into <paramref name="phase"/>.</summary>
    public static T Time<T>(Action<TimeSpan> phase, Func<T> action)
    {
        var watch = Stopwatch.StartNew();
        try
        {
            return action();
        }
        finally
        {
            phase(watch.Elapsed);
        }
    }

    /// <summary>"total 812 ms: begin 14, data 3, training 640 (of it waiting for uploads 40), result 9, completion 21".</summary>
    public override string ToString()
    {
        var total = _total.Elapsed.Ticks;
        var training = total - _begin - _data - _result - _completion;
        static string Ms(long ticks) => (ticks / (double)TimeSpan.TicksPerMillisecond).ToString("0", CultureInfo.InvariantCulture);
        return $"total {Ms(total)} ms: begin {Ms(_begin)}, data {Ms(_data)}, training {Ms(training)} (of it waiting for uploads {Ms(Interlocked.Read(ref _uploadWait))}), result {Ms(_result)}, completion {Ms(_completion)}";
    }
}
