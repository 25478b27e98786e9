namespace Grid.Learning.Audio;

/// <summary>
/// What the decoders accept, so that a few hostile header bytes cannot make a process allocate gigabytes: sample rates
/// from 1 kHz to 384 kHz (a 1 Hz header resampled to 16 kHz would grow 16,000-fold), clips of at most 600 seconds,
/// at most 256 channels, and finite samples only (a NaN or infinity would turn features and losses into NaN).
/// </summary>
public static class AudioLimits
{
    public const int MinSampleRate = 1_000;
    public const int MaxSampleRate = 384_000;
    public const int MaxSeconds = 600;
    public const int MaxChannels = 256;

    /// <summary>Why a header declaring these cannot be decoded, or null when it can.</summary>
    public static string? HeaderProblem(long sampleRate, long channels)
    {
        if (sampleRate is < MinSampleRate or > MaxSampleRate)
            return $"invalid sample rate {sampleRate} (outside {MinSampleRate}–{MaxSampleRate} Hz)";
        if (channels is < 1 or > MaxChannels) return $"{channels} channels is outside 1–{MaxChannels}";
        return null;
    }

    /// <summary>Why <paramref name="frames"/> at <paramref name="sampleRate"/> is too long, or null when it is not.</summary>
    public static string? LengthProblem(long frames, int sampleRate) =>
        frames > (long)MaxSeconds * sampleRate
            ? $"{frames / (double)sampleRate:F0} s of audio is longer than the {MaxSeconds} s limit"
            : null;

    /// <summary>Throws naming the first non-finite sample (a float or double encoding can store NaN and infinities).</summary>
    public static void RequireFinite(float[][] channels, string name)
    {
        for (var c = 0; c < channels.Length; c++)
        {
            var samples = channels[c];
            for (var i = 0; i < samples.Length; i++)
                if (!float.IsFinite(samples[i]))
                    throw new AudioFormatException(name, $"non-finite sample ({samples[i]}) at frame {i} of channel {c + 1}");
        }
    }
}
