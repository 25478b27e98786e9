using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Grid.Bench;

/// <summary>
/// When each job started and finished on which silo slot, from the runners' log lines ("Running {JobId} on slot
/// {Slot} …", "Finished {JobId}: …", or "Stopped {JobId}: …" for a run whose lease was revoked) stamped as they arrive
/// at the benchmark (pipe latency is well under a millisecond).
/// </summary>
public sealed partial class JobTimeline
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Lock _lock = new();
    private readonly Dictionary<string, JobSpan> _jobs = [];

    /// <summary>Seconds on this timeline's clock.</summary>
    public double Now => _clock.Elapsed.TotalSeconds;

    /// <summary>One run of a job: on which silo and slot, when it began running and when it finished (null while running), and where its time went, as its runner logged it.</summary>
    public sealed record JobSpan(string JobId, string Silo, int Slot, double Running, double? Finished, string? Phases = null);

    /// <summary>Records a line written by <paramref name="silo"/>; other lines are ignored.</summary>
    public void Observe(string silo, string line)
    {
        var now = Now;
        lock (_lock)
        {
            if (RunningLine().Match(line) is { Success: true } running)
                _jobs[running.Groups[1].Value] = new JobSpan(running.Groups[1].Value, silo, int.Parse(running.Groups[2].Value), now, null);
            else if (FinishedLine().Match(line) is { Success: true } finished
                && _jobs.TryGetValue(finished.Groups[1].Success ? finished.Groups[1].Value : finished.Groups[3].Value, out var span))
                _jobs[span.JobId] = span with { Finished = now, Phases = finished.Groups[2].Success ? finished.Groups[2].Value : null };
        }
    }

    public IReadOnlyList<JobSpan> Jobs
    {
        get { lock (_lock) return _jobs.Values.OrderBy(j => j.Running).ToArray(); }
    }

    public JobSpan? Job(string jobId)
    {
        lock (_lock) return _jobs.GetValueOrDefault(jobId);
    }

    /// <summary>
    /// Per job, the wait between the moment it could have started (<paramref name="queuedAt"/>, or when the previous
    /// job on the same slot finished, whichever is later) and the moment it was running; only the jobs <paramref name="include"/> accepts.
    /// </summary>
    public IReadOnlyList<double> SchedulingLatencies(double queuedAt, Func<JobSpan, bool>? include = null)
    {
        var latencies = new List<double>();
        foreach (var slot in Jobs.Where(include ?? (_ => true)).GroupBy(j => (j.Silo, j.Slot)))
        {
            var free = queuedAt;
            foreach (var job in slot.OrderBy(j => j.Running))
            {
                latencies.Add(Math.Max(0, job.Running - free));
                free = job.Finished ?? double.PositiveInfinity;
            }
        }
        return latencies;
    }

    /// <summary>
    /// Where the finished runs' time went, as their runners logged it: "N finished runs, medians: total …, begin …,
    /// training … (waiting for uploads …), result …, completion … ms"; null when no run logged its phases.
    /// </summary>
    public string? PhaseMedians()
    {
        var phases = Jobs.Select(j => j.Phases).OfType<string>().ToArray();
        if (phases.Length == 0) return null;
        string Median(string phase) => Medians.Of(phases.Select(p => double.Parse(
            Regex.Match(p, $@"{phase} (-?\d+)").Groups[1].Value, CultureInfo.InvariantCulture)).ToArray()).ToString("0", CultureInfo.InvariantCulture);
        return $"{phases.Length} finished runs, medians: total {Median("total")} ms, begin {Median("begin")}, training {Median("training")} " +
            $"(waiting for uploads {Median("uploads")}), result {Median("result")}, completion {Median("completion")}";
    }

    [GeneratedRegex(@"Running (\S+) on slot (\d+)")]
    private static partial Regex RunningLine();

    [GeneratedRegex(@"(?:Finished (\S+?): best accuracy [^;]*(?:; (total .*))?|Stopped (\S+?): its lease)")]
    private static partial Regex FinishedLine();
}
