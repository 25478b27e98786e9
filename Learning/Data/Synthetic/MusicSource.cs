namespace Grid.Learning.Data.Synthetic;

/// <summary>
/// One music excerpt in a <see cref="GenreStyle"/>: a four-chord progression (triads or sevenths) changing every
/// bar, bass, an optional melody, and a drum kit (kick sweep, snare noise burst, hi-hat), at a tempo, key and
/// timbre drawn inside the genre's ranges.
/// </summary>
sealed class MusicSource(GenreStyle style, Random random) : ISoundSource
{
    private const int BeatsPerBar = 4;

    private readonly double _beatSeconds = 60 / random.Uniform(style.MinBpm, style.MaxBpm);
    private readonly double _root = random.LogUniform(style.MinRootHz, style.MaxRootHz);
    private readonly int[] _progression = [0, .. Enumerable.Range(0, 3).Select(_ => random.Next(style.Scale.Length))];
    private readonly double[] _gains = Dsp.HarmonicGains(8, style.Slope * random.Uniform(0.85, 1.15), random);
    private readonly double _decay = style.Decay * random.Uniform(0.8, 1.25);

    public void Render(Span<float> output, int sampleRate, Random random)
    {
        var pitched = new float[output.Length];
        var beat = (int)(_beatSeconds * sampleRate);
        for (int start = 0, n = 0; start < output.Length; start += beat, n++)
        {
            var degree = _progression[n / BeatsPerBar % _progression.Length];
            var chord = (style.SeventhChords ? new[] { 0, 2, 4, 6 } : new[] { 0, 2, 4 }).Select(step => Note(degree + step)).ToArray();
            var slot = pitched.AsSpan(start);
            if (style.Skank)
            {
                var offBeat = slot[Math.Min(slot.Length, beat / 2)..];
                foreach (var f in chord) AddNote(offBeat, f, 0.3, 0.08, sampleRate);
            }
            else if (n % BeatsPerBar == 0)
                foreach (var f in chord) AddNote(slot, f, 0.3, _decay, sampleRate);
            AddBass(slot, n, degree, sampleRate, random);
            for (var m = 0; m < style.MelodyPerBeat; m++)
                if (random.NextDouble() < 0.7 * Math.Min(1, style.MelodyPerBeat))
                {
                    var at = (int)(m * beat / Math.Max(1, style.MelodyPerBeat));
                    if (at < slot.Length) AddNote(slot[at..], 2 * Note(random.Next(2 * style.Scale.Length)), 0.35, _decay * 0.6, sampleRate);
                }
            AddDrums(output[start..], n, beat, sampleRate, random);
        }
        if (style.Drive > 0)
        {
            var drive = 1 + 12 * style.Drive;
            for (var i = 0; i < pitched.Length; i++) pitched[i] = MathF.Tanh((float)(drive * pitched[i])) / (float)Math.Sqrt(drive);
        }
        Dsp.AddScaled(output, pitched, 1);
    }

    private double Note(int scaleDegree)
    {
        var steps = style.Scale.Length;
        var octave = Math.DivRem(scaleDegree, steps, out var within);
        return _root * Math.Pow(2, (style.Scale[within] + 12 * octave) / 12.0);
    }

    private void AddNote(Span<float> output, double frequency, double level, double decay, int sampleRate)
    {
        var note = output[..Math.Min(output.Length, (int)(decay * 5 * sampleRate))];
        Dsp.AddHarmonics(note, _ => frequency, _gains, i => level * Dsp.AttackDecay((double)i / sampleRate, 0.005, decay), sampleRate);
    }

    private void AddBass(Span<float> slot, int beatNumber, int degree, int sampleRate, Random random)
    {
        if (style.Bass == 0) return;
        var f = style.WalkingBass ? Note(degree + random.Next(style.Scale.Length)) / 2 : Note(degree) / 2;
        if (!style.WalkingBass && beatNumber % 2 == 1) return;
        var bass = slot[..Math.Min(slot.Length, (int)(0.6 * sampleRate))];
        Dsp.AddHarmonics(bass, _ => f, [1.0, 0.4, 0.15], i => style.Bass * 0.5 * Dsp.AttackDecay((double)i / sampleRate, 0.01, 0.25), sampleRate);
    }

    private void AddDrums(Span<float> slot, int beatNumber, int beat, int sampleRate, Random random)
    {
        var kicks = style.KicksPerBeat >= 1 ? (int)style.KicksPerBeat : beatNumber % (int)Math.Round(1 / Math.Max(style.KicksPerBeat, 0.25)) == 0 ? 1 : 0;
        for (var k = 0; k < kicks && style.Kick > 0; k++) AddKick(slot[Math.Min(slot.Length, k * beat / kicks)..], sampleRate);
        if (style.Snare > 0 && beatNumber % 2 == 1) AddHit(slot, style.Snare, 0.12, 1800, 1500, sampleRate, random);
        for (var h = 0; h < style.HatsPerBeat; h++)
        {
            var at = h * beat / style.HatsPerBeat + (h % 2 == 1 ? (int)(style.Swing * beat) : 0);
            if (at < slot.Length) AddHit(slot[at..], style.HiHat, 0.03, 6000, 3000, sampleRate, random);
        }
    }

    private void AddKick(Span<float> output, int sampleRate)
    {
        var length = Math.Min(output.Length, (int)(0.25 * sampleRate));
        var phase = 0.0;
        for (var i = 0; i < length; i++)
        {
            var t = (double)i / sampleRate;
            phase += 2 * Math.PI * (50 + 90 * Math.Exp(-t / 0.03)) / sampleRate;
            output[i] += (float)(style.Kick * 0.9 * Math.Sin(phase) * Math.Exp(-t / 0.08));
        }
    }

    private static void AddHit(Span<float> output, double level, double decay, double centreHz, double bandwidthHz, int sampleRate, Random random)
    {
        var length = Math.Min(output.Length, (int)(decay * 5 * sampleRate));
        var hit = Dsp.WhiteNoise(length, random);
        Dsp.Resonate(hit, Math.Min(centreHz, 0.4 * sampleRate), bandwidthHz, sampleRate);
        Dsp.ScaleToRms(hit, level * 0.5);
        for (var i = 0; i < length; i++) output[i] += hit[i] * (float)Math.Exp(-(double)i / (decay * sampleRate));
    }
}
