namespace Grid.Learning.Audio;

/// <summary>In-place iterative radix-2 complex FFT on separate real and imaginary arrays.</summary>
public static class Fft
{
    /// <summary>Forward transform (e^{-iωt}); with <paramref name="inverse"/> the inverse, scaled by 1/n.</summary>
    public static void Transform(double[] real, double[] imaginary, bool inverse = false)
    {
        var n = real.Length;
        if (n != imaginary.Length) throw new ArgumentException("real and imaginary parts differ in length");
        if (n == 0 || (n & (n - 1)) != 0) throw new ArgumentException($"length {n} is not a power of two");

        for (int i = 1, j = 0; i < n; i++)
        {
            var bit = n >> 1;
            for (; (j & bit) != 0; bit >>= 1) j ^= bit;
            j ^= bit;
            if (i < j)
            {
                (real[i], real[j]) = (real[j], real[i]);
                (imaginary[i], imaginary[j]) = (imaginary[j], imaginary[i]);
            }
        }

        var sign = inverse ? 1.0 : -1.0;
        for (var size = 2; size <= n; size <<= 1)
        {
            var angle = sign * 2 * Math.PI / size;
            var half = size / 2;
            for (var k = 0; k < half; k++)
            {
                var (wr, wi) = (Math.Cos(angle * k), Math.Sin(angle * k));
                for (var start = 0; start < n; start += size)
                {
                    var a = start + k;
                    var b = a + half;
                    var tr = real[b] * wr - imaginary[b] * wi;
                    var ti = real[b] * wi + imaginary[b] * wr;
                    real[b] = real[a] - tr;
                    imaginary[b] = imaginary[a] - ti;
                    real[a] += tr;
                    imaginary[a] += ti;
                }
            }
        }

        if (!inverse) return;
        for (var i = 0; i < n; i++)
        {
            real[i] /= n;
            imaginary[i] /= n;
        }
    }
}
