namespace Grid.Learning.Data.Synthetic;

/// <summary>Small signal-building blocks for the sound models: noise, filters, envelopes, levels.</summary>
static class Dsp
{
    public static double Uniform(this Random random, double low, double high) => low + (high - low) * random.NextDouble();

    /// <summary>A standard normal draw (Box–Muller).</summary>
    public static double Gaussian(this Random random)
    {
        var u = 1.0 - random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u)) * Math.Cos(2 * Math.PI * random.NextDouble());
    }

    /// <summary>A log-uniform draw, for frequencies and rates.</summary>
    public static double LogUniform(this Random random, double low, double high) =>
        Math.Exp(random.Uniform(Math.Log(low), Math.Log(high)));

    public static float[] WhiteNoise(int length, Random random)
    {
        var noise = new float[length];
        for (var i = 0; i < length; i++) noise[i] = (float)random.Gaussian();
        return noise;
    }

    /// <summary>In-place one-pole low-pass with the given −3 dB cutoff.</summary>
    public static void LowPass(Span<float> signal, double cutoffHz, int sampleRate)
    {
        var a = Math.Exp(-2 * Math.PI * Math.Min(cutoffHz, 0.45 * sampleRate) / sampleRate);
        var state = 0.0;
        for (var i = 0; i < signal.Length; i++) signal[i] = (float)(state = (1 - a) * signal[i] + a * state);
    }

    /// <summary>In-place one-pole high-pass (the input minus its low-passed part).</summary>
    public static void HighPass(Span<float> signal, double cutoffHz, int sampleRate)
    {
        var a = Math.Exp(-2 * Math.PI * Math.Min(cutoffHz, 0.45 * sampleRate) / sampleRate);
        var state = 0.0;
        for (var i = 0; i < signal.Length; i++)
        {
            state = (1 - a) * signal[i] + a * state;
            signal[i] = (float)(signal[i] - state);
        }
    }

    /// <summary>
    /// In-place two-pole resonator (constant 0 dB peak gain band-pass) at <paramref name="centreHz"/> with the given
    /// bandwidth; a centre above Nyquist leaves the signal silent, as a real band above the recorder's range would.
    /// </summary>
    public static void Resonate(Span<float> signal, double centreHz, double bandwidthHz, int sampleRate)
    {
        if (centreHz >= 0.48 * sampleRate) { signal.Clear(); return; }
        var r = Math.Exp(-Math.PI * bandwidthHz / sampleRate);
        var theta = 2 * Math.PI * centreHz / sampleRate;
        double a1 = -2 * r * Math.Cos(theta), a2 = r * r, gain = 1 - r;
        double y1 = 0, y2 = 0;
        for (var i = 0; i < signal.Length; i++)
        {
            var y = gain * signal[i] - a1 * y1 - a2 * y2;
            y2 = y1;
            y1 = y;
            signal[i] = (float)y;
        }
    }

    /// <summary>Adds a sum of harmonics of a (possibly time-varying) fundamental; harmonics above 0.45·rate are left out.</summary>
    public static void AddHarmonics(Span<float> output, Func<int, double> fundamentalAt, IReadOnlyList<double> harmonicGains,
        Func<int, double> envelopeAt, int sampleRate, double startPhase = 0)
    {
        var phase = startPhase;
        var nyquistLimit = 0.45 * sampleRate;
        for (var i = 0; i < output.Length; i++)
        {
            var f0 = fundamentalAt(i);
            phase += 2 * Math.PI * f0 / sampleRate;
            if (phase > 2 * Math.PI) phase -= 2 * Math.PI;
            var envelope = envelopeAt(i);
            if (envelope == 0) continue;
            // sin((h+1)φ) = 2cos(φ)·sin(hφ) − sin((h−1)φ): one sin and one cos per sample for all harmonics.
            var (sin, cos) = Math.SinCos(phase);
            double previous = 0, current = sin, twoCos = 2 * cos, sample = 0;
            for (var h = 0; h < harmonicGains.Count && (h + 1) * f0 < nyquistLimit; h++)
            {
                sample += harmonicGains[h] * current;
                (previous, current) = (current, twoCos * current - previous);
            }
            output[i] += (float)(sample * envelope);
        }
    }

    /// <summary>Harmonic gains falling as 1/h^<paramref name="slope"/>, with a random ±30% jitter each.</summary>
    public static double[] HarmonicGains(int count, double slope, Random random) =>
        Enumerable.Range(1, count).Select(h => Math.Pow(h, -slope) * random.Uniform(0.7, 1.3)).ToArray();

    /// <summary>An attack–decay envelope value at time t (seconds) after an onset.</summary>
    public static double AttackDecay(double t, double attack, double decay) =>
        t < 0 ? 0 : t < attack ? t / attack : Math.Exp(-(t - attack) / decay);

    public static double Rms(ReadOnlySpan<float> signal)
    {
        if (signal.IsEmpty) return 0;
        var sum = 0.0;
        foreach (var x in signal) sum += (double)x * x;
        return Math.Sqrt(sum / signal.Length);
    }

    /// <summary>Scales in place to the given RMS (silence stays silent).</summary>
    public static void ScaleToRms(Span<float> signal, double rms)
    {
        var current = Rms(signal);
        if (current < 1e-12) return;
        var gain = (float)(rms / current);
        for (var i = 0; i < signal.Length; i++) signal[i] *= gain;
    }

    public static void AddScaled(Span<float> target, ReadOnlySpan<float> source, float gain)
    {
        for (var i = 0; i < target.Length && i < source.Length; i++) target[i] += gain * source[i];
    }
}
