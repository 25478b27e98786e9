namespace Grid.Learning.Training;

/// <summary>
/// Where the evaluation windows of one clip start. A clip no longer than the window is one window (the clip
/// centred in zero padding, <see cref="Audio.FixedLength.Centre"/>), reported as the single start 0. A longer clip
/// is covered whole by windows at 50 % overlap plus one aligned to its end.
/// </summary>
public static class ClipWindows
{
    /// <summary>
    /// Whole-clip windows of <paramref name="windowSamples"/> over a clip of <paramref name="clipSamples"/>: starts
    /// 0, H, 2H, … (H = W/2, at least 1) while start + W &lt; L, then L − W. A 30 s clip with
    /// 4 s windows gives 0, 2, …, 26 s: 14 windows. A clip of at most W samples gives [0].
    /// </summary>
    public static int[] Starts(int clipSamples, int windowSamples)
    {
        Validate(clipSamples, windowSamples);
        if (clipSamples <= windowSamples) return [0];
        var hop = Math.Max(1, windowSamples / 2);
        var starts = new List<int>();
        for (var start = 0; start + windowSamples < clipSamples; start += hop) starts.Add(start);
        starts.Add(clipSamples - windowSamples);   // the loop stops before it, so it is never there already
        return [.. starts];
    }

    /// <summary>
    /// The single centred window of the pre-whole-clip evaluation: start (L − W)/2 for a longer clip
    /// (<see cref="Audio.FixedLength.Centre"/>'s offset), [0] (centred padding) otherwise.
    /// </summary>
    public static int[] Centred(int clipSamples, int windowSamples)
    {
        Validate(clipSamples, windowSamples);
        return clipSamples <= windowSamples ? [0] : [(clipSamples - windowSamples) / 2];
    }

    private static void Validate(int clipSamples, int windowSamples)
    {
        if (clipSamples < 1) throw new ArgumentOutOfRangeException(nameof(clipSamples), clipSamples, "a clip needs at least one sample");
        if (windowSamples < 1) throw new ArgumentOutOfRangeException(nameof(windowSamples), windowSamples, "a window needs at least one sample");
    }
}
