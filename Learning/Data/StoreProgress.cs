using System.Globalization;

namespace Grid.Learning.Data;

/// <summary>How far the first build of a <see cref="WaveformStore"/> has got: clips decoded (or failed) out of those missing.</summary>
public sealed record StoreProgress(int Done, int Total, TimeSpan Elapsed)
{
    public double ClipsPerSecond => Elapsed > TimeSpan.Zero ? Done / Elapsed.TotalSeconds : 0;

    /// <summary>Time left at the rate so far; null before the first clip.</summary>
    public TimeSpan? Remaining => Done > 0 ? TimeSpan.FromSeconds((Total - Done) / ClipsPerSecond) : null;

    /// <summary>"waveform store: 1200/51197 clips, 85.3 clips/s, about 9 min 47 s left".</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"waveform store: {Done}/{Total} clips, {ClipsPerSecond:F1} clips/s, {(Remaining is { } left ? $"about {Describe(left)} left" : "starting")}");

    private static string Describe(TimeSpan span) =>
        span.TotalHours >= 1 ? $"{(int)span.TotalHours} h {span.Minutes} min"
        : span.TotalMinutes >= 1 ? $"{(int)span.TotalMinutes} min {span.Seconds} s"
        : $"{Math.Ceiling(span.TotalSeconds):F0} s";
}
