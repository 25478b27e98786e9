using System.Diagnostics;

namespace Grid.Bench;

/// <summary>Wall-clock timing: warm-up runs, then the median of the measured runs.</summary>
public static class Medians
{
    /// <summary>Runs <paramref name="action"/> <paramref name="warmups"/> times untimed, then <paramref name="runs"/> times; the median seconds.</summary>
    public static double Seconds(Action action, int warmups, int runs)
    {
        for (var i = 0; i < warmups; i++) action();
        var seconds = new double[runs];
        for (var i = 0; i < runs; i++)
        {
            var watch = Stopwatch.StartNew();
            action();
            seconds[i] = watch.Elapsed.TotalSeconds;
        }
        return Of(seconds);
    }

    public static double Of(IReadOnlyList<double> values)
    {
        if (values.Count == 0) throw new ArgumentException("no values", nameof(values));
        var sorted = values.Order().ToArray();
        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
