using System.Collections.Concurrent;
using Grid.Learning.Audio;

namespace Grid.Learning.Data;

/// <summary>The outcome of checking a dataset folder: its index (null when the folder is unreadable) and every problem.</summary>
public sealed record DatasetCheckResult(
    string Layout,
    string Root,
    DatasetIndex? Index,
    string? FatalError,
    IReadOnlyList<DatasetProblem> DecodeFailures,
    IReadOnlyDictionary<string, int> ClipsPerFormat,
    IReadOnlyList<string> EmptyFolds,
    bool SkipBad,
    DurationSummary? Durations = null)
{
    /// <summary>Readable, every clip decodes (or bad ones are skipped on request), and no fold is empty.</summary>
    /// <summary>Problems found while reading, and decoding failures (already among the index's problems under skipBad).</summary>
    public IEnumerable<DatasetProblem> Problems => (Index?.Problems ?? []).Concat(SkipBad ? [] : DecodeFailures);

    public bool Usable => FatalError is null && Index is { Clips.Count: > 0 } && (SkipBad || DecodeFailures.Count == 0) && EmptyFolds.Count == 0;
}

/// <summary>Clip durations in seconds over the clips that decoded.</summary>
public sealed record DurationSummary(double Min, double Mean, double Max, double Total);

/// <summary>Reads a dataset folder with its layout and decodes every clip, collecting every problem found.</summary>
public static class DatasetCheck
{
    /// <summary>"8000 Hz, 2 ch" before "11025 Hz, 1 ch": numerically by rate, then by the rest.</summary>
    private static readonly Comparer<string> FormatOrder = Comparer<string>.Create((a, b) =>
    {
        static int Rate(string format) => int.Parse(format.AsSpan(0, format.IndexOf(' ')), System.Globalization.CultureInfo.InvariantCulture);
        var byRate = Rate(a).CompareTo(Rate(b));
        return byRate != 0 ? byRate : string.CompareOrdinal(a, b);
    });

    /// <param name="decode">Decodes one file (<see cref="AudioDecoder.Read"/> keeping channels, by default).</param>
    public static DatasetCheckResult Run(string layout, string root, DatasetReadOptions options, Func<string, AudioClip>? decode = null)
    {
        decode ??= path => AudioDecoder.Read(path, keepChannels: true);
        DatasetIndex index;
        try
        {
            index = DatasetLayouts.Read(layout, root, options);
        }
        catch (DatasetFormatException e)
        {
            return new DatasetCheckResult(layout, root, null, e.Message, [], new Dictionary<string, int>(), [], options.SkipBad);
        }

        var failures = new ConcurrentBag<DatasetProblem>();
        var formats = new ConcurrentDictionary<string, int>();
        var durations = new ConcurrentBag<double>();
        Parallel.ForEach(index.Clips, clip =>
        {
            try
            {
                var audio = decode(clip.Path);
                if (audio.FrameCount == 0) throw new AudioFormatException(clip.Path, "no samples");
                formats.AddOrUpdate($"{audio.SampleRate} Hz, {audio.ChannelCount} ch", 1, (_, n) => n + 1);
                durations.Add(audio.DurationSeconds);
            }
            catch (AudioFormatException e)
            {
                failures.Add(new DatasetProblem(clip.Path, null, $"does not decode: {e.Reason}"));
            }
        });
        var failed = failures.OrderBy(p => p.Path, StringComparer.Ordinal).ToArray();
        var usable = options.SkipBad ? index.Without(failed) : index;
        var counts = usable.CountPerFold();
        var emptyFolds = usable.Folds.Where(f => counts[f - 1] == 0).Select(f => usable.FoldNames[f - 1]).ToArray();
        return new DatasetCheckResult(index.Layout, root, usable, null, failed,
            new SortedDictionary<string, int>(formats, FormatOrder), emptyFolds, options.SkipBad,
            durations.IsEmpty ? null : new DurationSummary(durations.Min(), durations.Average(), durations.Max(), durations.Sum()));
    }
}
