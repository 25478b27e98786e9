using System.Numerics;

namespace Grid.Learning.Audio;

/// <summary>
/// Resampling by the rational factor up/down with precomputed weights: output n sits at input instant
/// n·down/up = centre + phase/up, and each of the <c>up</c> phases has its own row of taps, so every output
/// sample is one vectorised dot product.
/// </summary>
sealed class PolyphaseFilter
{
    /// <summary>Tables above this many weights (4M floats, 16 MB) are not built; callers evaluate the kernel directly.</summary>
    public const long MaxWeights = 4 << 20;

    readonly int _up;
    readonly int _down;
    readonly int _reach;     // taps reach this many input samples before the centre
    readonly int _taps;      // 2·reach + 2 per phase
    readonly float[] _weights; // up × taps

    /// <param name="impulseResponse">Filter weight for an input sample this many input samples before the output instant.</param>
    PolyphaseFilter(int up, int down, int reach, Func<double, double> impulseResponse)
    {
        (_up, _down, _reach, _taps) = (up, down, reach, 2 * reach + 2);
        _weights = new float[up * _taps];
        for (var phase = 0; phase < up; phase++)
            for (var tap = 0; tap < _taps; tap++)
                _weights[phase * _taps + tap] = (float)impulseResponse((double)phase / up - (tap - reach));
    }

    /// <summary>The filter for fromRate → toRate, or null when its table would exceed <see cref="MaxWeights"/>.</summary>
    public static PolyphaseFilter? TryCreate(int fromRate, int toRate, double reach, Func<double, double> impulseResponse)
    {
        var divisor = (int)BigInteger.GreatestCommonDivisor(fromRate, toRate);
        var (up, down) = (toRate / divisor, fromRate / divisor);
        var wholeReach = (int)Math.Ceiling(reach);
        return (long)up * (2 * wholeReach + 2) > MaxWeights ? null : new PolyphaseFilter(up, down, wholeReach, impulseResponse);
    }

    public float[] Apply(float[] input, int outputLength)
    {
        var padded = new float[_reach + input.Length + _reach + 2]; // zeros beyond both ends
        input.CopyTo(padded, _reach);
        var output = new float[outputLength];
        for (var n = 0; n < outputLength; n++)
        {
            var instant = (long)n * _down;
            var centre = (int)(instant / _up);
            var phase = (int)(instant % _up);
            output[n] = Dot(_weights.AsSpan(phase * _taps, _taps), padded.AsSpan(centre, _taps));
        }
        return output;
    }

    static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        var width = Vector<float>.Count;
        var sums = Vector<float>.Zero;
        var i = 0;
        for (; i <= a.Length - width; i += width)
            sums += new Vector<float>(a[i..]) * new Vector<float>(b[i..]);
        var total = Vector.Sum(sums);
        for (; i < a.Length; i++) total += a[i] * b[i];
        return total;
    }
}
