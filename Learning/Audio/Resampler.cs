using System.Collections.Concurrent;

namespace Grid.Learning.Audio;

/// <summary>
/// Band-limited resampling by a Kaiser-windowed sinc (any rate pair, e.g. 8..192 kHz to 16 kHz). The
/// kernel is tabulated finely and linearly interpolated, as in resampy; integer rate pairs use a cached
/// polyphase table of its weights. When downsampling, the low-pass cutoff follows the new Nyquist frequency.
/// </summary>
public sealed class Resampler
{
    /// <summary>Kernel samples per zero crossing; linear interpolation between them errs by about 1e-6.</summary>
    const int TablePrecision = 1024;

    readonly int _zeroCrossings;
    readonly double _rolloff;
    readonly double[] _kernel; // h(x) for x = k / TablePrecision, k = 0 .. zeroCrossings·TablePrecision (+1 guard)
    readonly ConcurrentDictionary<(int From, int To), PolyphaseFilter?> _filters = new();

    public static Resampler Default { get; } = new();

    /// <param name="zeroCrossings">Sinc zero crossings on each side of the centre (resampy: 16 fast, 64 best). 32 gives a
    /// transition band of about 8% of the cutoff with the default window.</param>
    /// <param name="rolloff">Cutoff as a fraction of the lower Nyquist frequency (resampy: 0.85 fast, 0.9476 best);
    /// 0.92 puts the stopband edge just below the new Nyquist, so content above it is attenuated by more than 40 dB.</param>
    /// <param name="kaiserBeta">Kaiser window shape (resampy fast: 8.555, about 80 dB stopband).</param>
    public Resampler(int zeroCrossings = 32, double rolloff = 0.92, double kaiserBeta = 8.555)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(zeroCrossings, 1);
        if (rolloff is <= 0 or > 1) throw new ArgumentOutOfRangeException(nameof(rolloff), rolloff, "must be in (0, 1]");
        _zeroCrossings = zeroCrossings;
        _rolloff = rolloff;
        _kernel = KaiserSincTable(zeroCrossings, kaiserBeta);
    }

    /// <summary>The clip with every channel resampled to <paramref name="targetRate"/>.</summary>
    public AudioClip Resample(AudioClip clip, int targetRate) =>
        clip.SampleRate == targetRate
            ? clip
            : new AudioClip(clip.Channels.Select(c => Resample(c, clip.SampleRate, targetRate)).ToArray(), targetRate);

    /// <summary>
    /// ceil(n·to/from) samples of the signal band-limited to min(from, to)/2·rolloff. Equal rates return a copy.
    /// </summary>
    public float[] Resample(float[] input, int fromRate, int toRate)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(fromRate, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(toRate, 1);
        if (fromRate == toRate) return (float[])input.Clone();
        var outputLength = (int)(((long)input.Length * toRate + fromRate - 1) / fromRate);
        var ratio = (double)toRate / fromRate;
        var filter = _filters.GetOrAdd((fromRate, toRate),
            _ => PolyphaseFilter.TryCreate(fromRate, toRate, Reach(ratio), distance => ImpulseResponse(distance, ratio)));
        return filter is null ? Resample(input, ratio, outputLength) : filter.Apply(input, outputLength);
    }

    /// <summary>ceil(n·ratio) samples at <paramref name="ratio"/> times the input rate (non-integer rate pairs, e.g. pitch shifting).</summary>
    public float[] ResampleByRatio(float[] input, double ratio)
    {
        if (!(ratio > 0) || double.IsInfinity(ratio)) throw new ArgumentOutOfRangeException(nameof(ratio), ratio, "must be positive");
        return Resample(input, ratio, (int)Math.Ceiling(input.Length * ratio - 1e-9));
    }

    /// <summary>Direct evaluation at each output instant, for ratios without a small polyphase table.</summary>
    float[] Resample(float[] input, double ratio, int outputLength)
    {
        var output = new float[outputLength];
        var reach = Reach(ratio);
        var inputStep = 1.0 / ratio; // input samples per output sample
        for (var n = 0; n < outputLength; n++)
        {
            var instant = n * inputStep;
            var centre = (long)Math.Floor(instant);
            var first = (int)Math.Max(0, centre - (long)Math.Floor(reach));
            var last = (int)Math.Min(input.Length - 1, centre + (long)Math.Ceiling(reach));
            var sum = 0.0;
            for (var k = first; k <= last; k++) sum += ImpulseResponse(instant - k, ratio) * input[k];
            output[n] = (float)sum;
        }
        return output;
    }

    /// <summary>Low-pass cutoff as a fraction of the input Nyquist frequency: rolloff × min(1, to/from).</summary>
    double Scale(double ratio) => Math.Min(1.0, ratio) * _rolloff;

    /// <summary>Input samples on each side of an output instant that the kernel touches.</summary>
    double Reach(double ratio) => _zeroCrossings / Scale(ratio);

    /// <summary>Weight of an input sample <paramref name="distance"/> input samples before the output instant.</summary>
    double ImpulseResponse(double distance, double ratio)
    {
        var scale = Scale(ratio);
        var position = Math.Abs(distance * scale) * TablePrecision;
        var index = (int)position;
        if (index >= _kernel.Length - 1) return 0;
        return scale * (_kernel[index] + (position - index) * (_kernel[index + 1] - _kernel[index]));
    }

    /// <summary>sinc(x)·kaiser(x/zeroCrossings) for x ≥ 0 at TablePrecision points per crossing, zero past the end.</summary>
    static double[] KaiserSincTable(int zeroCrossings, double beta)
    {
        var length = zeroCrossings * TablePrecision + 2;
        var table = new double[length];
        var normaliser = BesselI0(beta);
        for (var k = 0; k <= zeroCrossings * TablePrecision; k++)
        {
            var x = (double)k / TablePrecision;
            var ratio = x / zeroCrossings;
            var window = BesselI0(beta * Math.Sqrt(Math.Max(0, 1 - ratio * ratio))) / normaliser;
            table[k] = (k == 0 ? 1.0 : Math.Sin(Math.PI * x) / (Math.PI * x)) * window;
        }
        return table;
    }

    /// <summary>Modified Bessel function of the first kind, order 0, by its power series.</summary>
    static double BesselI0(double x)
    {
        var sum = 1.0;
        var term = 1.0;
        var halfSquare = x * x / 4;
        for (var k = 1; k < 64 && term > 1e-17 * sum; k++)
        {
            term *= halfSquare / ((double)k * k);
            sum += term;
        }
        return sum;
    }
}
