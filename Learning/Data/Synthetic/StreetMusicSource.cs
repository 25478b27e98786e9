namespace Grid.Learning.Data.Synthetic;

/// <summary>
/// Street music: plucked chords (triads on a random key, 110–440 Hz root) changing every bar at 80–160 bpm,
/// with an optional bass line and hand-drum hits.
/// </summary>
sealed class StreetMusicSource(Random random) : ISoundSource
{
    private static readonly int[] MajorScale = [0, 2, 4, 5, 7, 9, 11];

    private readonly double _root = random.LogUniform(110, 440);
    private readonly double _beat = 60 / random.Uniform(80, 160);
    private readonly int[] _progression = Enumerable.Range(0, 4).Select(_ => random.Next(7)).ToArray();
    private readonly double _decay = random.Uniform(0.2, 0.9);
    private readonly double[] _gains = Dsp.HarmonicGains(8, random.Uniform(1.0, 2.0), random);
    private readonly bool _bass = random.NextDouble() < 0.6;
    private readonly double _drums = random.NextDouble() < 0.5 ? random.Uniform(0.2, 0.8) : 0;

    public void Render(Span<float> output, int sampleRate, Random random)
    {
        var beatSamples = (int)(_beat * sampleRate);
        var bar = random.Next(_progression.Length);
        for (var start = random.Next(beatSamples); start < output.Length; start += beatSamples, bar++)
        {
            var degree = _progression[bar / 4 % _progression.Length];
            var chord = new[] { degree, degree + 2, degree + 4 }.Select(NoteFrequency).ToArray();
            var length = Math.Min(output.Length - start, (int)(_decay * 4 * sampleRate));
            var note = output.Slice(start, length);
            foreach (var frequency in chord)
                Dsp.AddHarmonics(note, _ => frequency, _gains, i => 0.4 * Dsp.AttackDecay((double)i / sampleRate, 0.005, _decay), sampleRate);
            if (_bass && bar % 2 == 0)
                Dsp.AddHarmonics(note, _ => chord[0] / 2, [1.0, 0.3], i => 0.6 * Dsp.AttackDecay((double)i / sampleRate, 0.01, _decay * 1.5), sampleRate);
            if (_drums > 0) AddDrumHit(output[start..], sampleRate, random);
        }
    }

    private double NoteFrequency(int scaleDegree)
    {
        var semitones = MajorScale[scaleDegree % 7] + 12 * (scaleDegree / 7);
        return _root * Math.Pow(2, semitones / 12.0);
    }

    private void AddDrumHit(Span<float> output, int sampleRate, Random random)
    {
        var length = Math.Min(output.Length, sampleRate / 5);
        var hit = Dsp.WhiteNoise(length, random);
        Dsp.Resonate(hit, random.Uniform(150, 400), 80, sampleRate);
        for (var i = 0; i < length; i++) hit[i] *= (float)Math.Exp(-i / (0.04 * sampleRate));
        Dsp.ScaleToRms(hit, _drums);
        Dsp.AddScaled(output, hit, 1);
    }
}
