using Grid.Learning.Audio;

namespace Grid.Learning.Data.Synthetic;

/// <summary>Renders one slice of a source over background noise at a given SNR, in the source's recording format.</summary>
static class SliceMixer
{
    /// <param name="snrDb">Foreground-to-background RMS ratio over the slice, in dB.</param>
    /// <param name="paddedSeconds">Total length when the sound is followed by digital silence (ESC-50); null for none.</param>
    public static AudioClip Render(ISoundSource source, int model, RecordingFormat format, double seconds, double snrDb,
        Random random, double? paddedSeconds = null)
    {
        var rate = format.SampleRate;
        var frames = Math.Max(1, (int)Math.Round(seconds * rate));
        var foreground = new float[frames];
        source.Render(foreground, rate, random);
        Dsp.ScaleToRms(foreground, 1);
        var background = BackgroundNoise.Render(frames, rate, model, random);
        Dsp.ScaleToRms(background, Math.Pow(10, -snrDb / 20));

        var totalFrames = paddedSeconds is { } padded ? Math.Max(frames, (int)Math.Round(padded * rate)) : frames;
        var channels = new float[format.Channels][];
        for (var c = 0; c < format.Channels; c++)
        {
            channels[c] = new float[totalFrames];
            // Stereo: the source is panned and reaches the second microphone up to 0.5 ms later; the background is shared.
            var gain = c == 0 ? 1f : (float)random.Uniform(0.6, 1.0);
            var delay = c == 0 ? 0 : random.Next((int)(0.0005 * rate) + 1);
            for (var i = 0; i < frames; i++)
                channels[c][i] = gain * (i >= delay ? foreground[i - delay] : 0) + background[i];
        }
        NormalisePeak(channels, random.Uniform(0.05, 0.95));
        return new AudioClip(channels, rate);
    }

    private static void NormalisePeak(float[][] channels, double peak)
    {
        var max = channels.Max(c => c.Length == 0 ? 0 : c.Max(MathF.Abs));
        if (max < 1e-9f) return;
        var gain = (float)(peak / max);
        foreach (var channel in channels)
            for (var i = 0; i < channel.Length; i++) channel[i] *= gain;
    }
}
