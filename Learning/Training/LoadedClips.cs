using Grid.Learning.Data;

namespace Grid.Learning.Training;

/// <summary>
/// The clips a job uses, each with its mono waveform at the feature rate. Loaded ones (<see cref="Load"/>,
/// <see cref="From"/>) are backed by a <see cref="WaveformStore"/>: <see cref="Waveforms"/>[i] reads clip i from the
/// store's mapped file into a new array, so a job's memory does not grow with the dataset. Dispose to release the store.
/// </summary>
public sealed class LoadedClips : IDisposable
{
    private IDisposable? _owned;

    /// <summary>Clips with waveforms already in memory (nothing to release).</summary>
    public LoadedClips(IReadOnlyList<Clip> clips, IReadOnlyList<float[]> waveforms, IReadOnlyList<DatasetProblem> skipped)
    {
        if (clips.Count != waveforms.Count) throw new ArgumentException($"{clips.Count} clips but {waveforms.Count} waveforms", nameof(waveforms));
        Clips = clips;
        Waveforms = waveforms;
        Skipped = skipped;
    }

    public IReadOnlyList<Clip> Clips { get; }
    public IReadOnlyList<float[]> Waveforms { get; }
    /// <summary>Clips left out because they failed to decode (skipBad), in dataset order.</summary>
    public IReadOnlyList<DatasetProblem> Skipped { get; }
    public int Count => Clips.Count;

    /// <summary>
    /// Builds what the store for <paramref name="options"/> misses of <paramref name="clips"/> (channels averaged,
    /// resampled to the rate), then the clips backed by it. Without a cache folder the store is a temporary one,
    /// deleted at dispose. A clip that fails to decode fails with its file named, or is skipped and reported
    /// when <see cref="WaveformStoreOptions.SkipBad"/> is set.
    /// </summary>
    public static LoadedClips Load(IReadOnlyList<Clip> clips, WaveformStoreOptions options, CancellationToken cancellationToken)
    {
        using var store = WaveformStore.Open(clips.Select(c => c.Path), options, cancellationToken);
        return From(store, clips);
    }

    /// <summary>The clips of an open store (opened with at least their paths); holds the store until disposed. Failed clips are skipped.</summary>
    public static LoadedClips From(WaveformStore store, IReadOnlyList<Clip> clips)
    {
        var kept = new List<Clip>(clips.Count);
        var entries = new List<StoredWaveform>(clips.Count);
        var skipped = new List<DatasetProblem>();
        foreach (var clip in clips)
        {
            var stored = store.Entry(clip.Path);
            if (stored.Entry.Failed)
            {
                skipped.Add(new DatasetProblem(clip.Path, null, stored.Entry.Failure));
                continue;
            }
            kept.Add(clip);
            entries.Add(stored);
        }
        return new LoadedClips(kept, new StoredWaveforms(entries), skipped) { _owned = store.Share() };
    }

    public void Dispose()
    {
        Interlocked.Exchange(ref _owned, null)?.Dispose();
    }
}
