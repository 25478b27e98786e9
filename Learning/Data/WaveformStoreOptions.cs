namespace Grid.Learning.Data;

/// <summary>Which store a job uses (dataset root and sample rate, under a cache folder) and how a missing part is built.</summary>
public sealed record WaveformStoreOptions(string DatasetRoot, int SampleRate)
{
    /// <summary>Folder holding the stores; null builds a store in a temporary folder that is deleted when the store is disposed.</summary>
    public string? CacheDirectory { get; init; }

    /// <summary>Threads decoding and resampling missing clips (results do not depend on it); 1 by default.</summary>
    public int Workers { get; init; } = 1;

    /// <summary>
    /// False (the default): the first clip that fails to decode stops the build and <see cref="WaveformStore.Open"/>
    /// throws its <see cref="Audio.AudioFormatException"/>. True: failures are recorded and reported per clip.
    /// </summary>
    public bool SkipBad { get; init; }

    /// <summary>Told how a build is going at most every <see cref="WaveformStore.ProgressInterval"/>, and once when it ends.</summary>
    public Action<StoreProgress>? Progress { get; init; }
}
