namespace Grid.Learning.Audio;

/// <summary>Cutting or zero-padding a waveform to an exact length at a chosen offset.</summary>
public static class FixedLength
{
    /// <summary>
    /// <paramref name="length"/> samples: a window of a longer signal starting at <paramref name="offset"/>, or a shorter
    /// signal placed <paramref name="offset"/> samples into zeros.
    /// </summary>
    public static float[] Fit(float[] waveform, int length, int offset)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        var slack = Math.Abs(waveform.Length - length);
        if (offset < 0 || offset > slack)
            throw new ArgumentOutOfRangeException(nameof(offset), offset, $"must be in [0, {slack}]");
        var output = new float[length];
        if (waveform.Length >= length) Array.Copy(waveform, offset, output, 0, length);
        else Array.Copy(waveform, 0, output, offset, waveform.Length);
        return output;
    }

    /// <summary>The centred window or centred padding (evaluation).</summary>
    public static float[] Centre(float[] waveform, int length) =>
        Fit(waveform, length, Math.Abs(waveform.Length - length) / 2);

    /// <summary>A uniformly random offset among all that fit.</summary>
    public static float[] Random(float[] waveform, int length, Random random) =>
        Fit(waveform, length, random.Next(Math.Abs(waveform.Length - length) + 1));
}
