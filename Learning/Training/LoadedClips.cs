using Grid.Learning.Audio;
using Grid.Learning.Data;

namespace Grid.Learning.Training;

/// <summary>The clips a job uses, each with its mono waveform at the feature rate.</summary>
public sealed record LoadedClips(IReadOnlyList<Clip> Clips, IReadOnlyList<float[]> Waveforms, IReadOnlyList<DatasetProblem> Skipped)
{
    public int Count => Clips.Count;

    /// <summary>
    /// Decodes every clip once (channels averaged, resampled to <paramref name="sampleRate"/>), through the on-disk
    /// <see cref="WaveformCache"/> in <paramref name="cacheDirectory"/> when one is given. A clip that fails to decode
    /// fails the job with its file named, or is skipped and reported when <paramref name="skipBad"/> is set.
    /// </summary>
    public static LoadedClips Load(IReadOnlyList<Clip> clips, int sampleRate, string? cacheDirectory, bool skipBad, CancellationToken cancellationToken)
    {
        var cache = cacheDirectory is null ? null : new WaveformCache(cacheDirectory);
        var kept = new List<Clip>(clips.Count);
        var waveforms = new List<float[]>(clips.Count);
        var skipped = new List<DatasetProblem>();
        foreach (var clip in clips)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                var mono = cache is null
                    ? Resampler.Default.Resample(AudioDecoder.Read(clip.Path), sampleRate).MixToMono()
                    : cache.Load(clip.Path, sampleRate).MixToMono();
                if (mono.Length == 0) throw new AudioFormatException(clip.Path, "holds no samples");
                kept.Add(clip);
                waveforms.Add(mono);
            }
            catch (AudioFormatException error) when (skipBad)
            {
                skipped.Add(new DatasetProblem(clip.Path, null, error.Reason));
            }
        }
        return new LoadedClips(kept, waveforms, skipped);
    }
}
