namespace Grid.Tests.Audio;

/// <summary>Test signals and the measurements made on them.</summary>
static class Signals
{
    public static float[] Sine(double frequency, int sampleRate, int length, double amplitude = 0.5) =>
        Enumerable.Range(0, length).Select(n => (float)(amplitude * Math.Sin(2 * Math.PI * frequency * n / sampleRate))).ToArray();

    /// <summary>Frequency from upward zero crossings located by linear interpolation, ignoring <paramref name="margin"/> samples at each end.</summary>
    public static double ZeroCrossingFrequency(float[] signal, int sampleRate, int margin)
    {
        var crossings = new List<double>();
        for (var n = margin; n < signal.Length - margin - 1; n++)
            if (signal[n] < 0 && signal[n + 1] >= 0)
                crossings.Add(n + signal[n] / (signal[n] - signal[n + 1]));
        if (crossings.Count < 2) return 0;
        return (crossings.Count - 1) * sampleRate / (crossings[^1] - crossings[0]);
    }

    public static double Rms(float[] signal, int margin)
    {
        var interior = signal.AsSpan(margin, signal.Length - 2 * margin);
        var sum = 0.0;
        foreach (var x in interior) sum += (double)x * x;
        return Math.Sqrt(sum / interior.Length);
    }
}
