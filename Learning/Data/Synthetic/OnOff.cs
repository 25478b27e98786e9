namespace Grid.Learning.Data.Synthetic;

/// <summary>On/off segments (machine triggers, hammering bursts) and smooth gates built from them.</summary>
static class OnOff
{
    /// <summary>Alternating on/off segments covering the clip, starting on or off at random; each as [start, end) samples.</summary>
    public static List<(int Start, int End)> Segments(int length, int sampleRate, Random random,
        double minOn, double maxOn, double minOff, double maxOff)
    {
        var segments = new List<(int, int)>();
        var t = random.NextDouble() < 0.5 ? 0 : (int)(random.Uniform(minOff, maxOff) * sampleRate);
        while (t < length)
        {
            var end = Math.Min(length, t + (int)(random.Uniform(minOn, maxOn) * sampleRate));
            segments.Add((t, end));
            t = end + (int)(random.Uniform(minOff, maxOff) * sampleRate);
        }
        if (segments.Count == 0) segments.Add((0, length));
        return segments;
    }

    /// <summary>0..1 per sample: rises with an exponential attack inside segments, falls with the release outside.</summary>
    public static float[] Gate(int length, IReadOnlyList<(int Start, int End)> segments, int sampleRate, double attack, double release)
    {
        var target = new float[length];
        foreach (var (start, end) in segments) target.AsSpan(start, end - start).Fill(1);
        var up = 1 - Math.Exp(-1.0 / (attack * sampleRate));
        var down = 1 - Math.Exp(-1.0 / (release * sampleRate));
        var gate = new float[length];
        var level = 0.0;
        for (var i = 0; i < length; i++)
        {
            level += (target[i] - level) * (target[i] > level ? up : down);
            gate[i] = (float)level;
        }
        return gate;
    }
}
