namespace Grid.Learning.Analysis;

/// <summary>
/// The special functions behind the tests' p-values: log Γ, the regularised incomplete beta and gamma
/// functions, the Student-t and normal tail probabilities built on them, and the normal quantile. Accurate to about 1e-14.
/// </summary>
public static class SpecialFunctions
{
    private const int MaxTerms = 1000;
    private const double Epsilon = 1e-16;
    private const double Tiny = 1e-300;

    // Lanczos approximation, g = 7, nine coefficients (Godfrey's set): relative error below 1e-15 for x > 0.
    private static readonly double[] Lanczos =
    [
        0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
        -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
        1.5056327351493116e-7,
    ];

    /// <summary>ln Γ(x) for x &gt; 0.</summary>
    public static double LogGamma(double x)
    {
        if (!(x > 0))
            throw new ArgumentOutOfRangeException(nameof(x), x, "log-gamma is defined here for positive arguments only");
        if (x < 0.5)
            return Math.Log(Math.PI / Math.Sin(Math.PI * x)) - LogGamma(1 - x); // reflection
        x -= 1;
        var sum = Lanczos[0];
        for (var k = 1; k < Lanczos.Length; k++)
            sum += Lanczos[k] / (x + k);
        var t = x + 7.5;
        return 0.5 * Math.Log(2 * Math.PI) + (x + 0.5) * Math.Log(t) - t + Math.Log(sum);
    }

    /// <summary>I_x(a, b), the regularised incomplete beta function, for a, b &gt; 0 and 0 ≤ x ≤ 1.</summary>
    public static double RegularizedIncompleteBeta(double x, double a, double b)
    {
        if (!(a > 0) || !(b > 0))
            throw new ArgumentOutOfRangeException(a > 0 ? nameof(b) : nameof(a), "beta parameters must be positive");
        if (!(x >= 0 && x <= 1))
            throw new ArgumentOutOfRangeException(nameof(x), x, "x must lie in [0, 1]");
        if (x == 0 || x == 1)
            return x;
        var logFront = LogGamma(a + b) - LogGamma(a) - LogGamma(b) + a * Math.Log(x) + b * Math.Log(1 - x);
        // The continued fraction converges fast for x < (a + 1) / (a + b + 2); use the symmetry I_x(a,b) = 1 − I_{1−x}(b,a) otherwise.
        return x < (a + 1) / (a + b + 2)
            ? Math.Exp(logFront) * BetaContinuedFraction(x, a, b) / a
            : 1 - Math.Exp(logFront) * BetaContinuedFraction(1 - x, b, a) / b;
    }

    /// <summary>P(|T| ≥ |t|) for Student's t with the given degrees of freedom.</summary>
    public static double StudentTTwoSided(double t, double degreesOfFreedom)
    {
        if (double.IsNaN(t))
            return double.NaN;
        if (double.IsInfinity(t))
            return 0;
        return RegularizedIncompleteBeta(degreesOfFreedom / (degreesOfFreedom + t * t), degreesOfFreedom / 2, 0.5);
    }

    /// <summary>P(Z ≥ z) for a standard normal Z.</summary>
    public static double NormalSurvival(double z) =>
        z >= 0 ? 0.5 * RegularizedUpperGamma(0.5, z * z / 2) : 1 - 0.5 * RegularizedUpperGamma(0.5, z * z / 2);

    /// <summary>The z with P(Z ≥ z) = <paramref name="p"/> for a standard normal Z, p in (0, 1), by bisection on <see cref="NormalSurvival"/>.</summary>
    public static double NormalUpperQuantile(double p)
    {
        if (!(p > 0 && p < 1))
            throw new ArgumentOutOfRangeException(nameof(p), p, "p must be in (0, 1)");
        double low = -40, high = 40;
        // The survival function falls from 1 to 0 over [-40, 40]; 200 halvings reach the spacing of doubles.
        for (var i = 0; i < 200 && high - low > 0; i++)
        {
            var middle = 0.5 * (low + high);
            if (middle == low || middle == high) break;
            if (NormalSurvival(middle) > p) low = middle; else high = middle;
        }
        return 0.5 * (low + high);
    }

    /// <summary>Q(a, x) = Γ(a, x) / Γ(a), the regularised upper incomplete gamma function, for a &gt; 0, x ≥ 0.</summary>
    public static double RegularizedUpperGamma(double a, double x)
    {
        if (!(a > 0))
            throw new ArgumentOutOfRangeException(nameof(a), a, "a must be positive");
        if (!(x >= 0))
            throw new ArgumentOutOfRangeException(nameof(x), x, "x must not be negative");
        if (x == 0)
            return 1;
        var logFront = a * Math.Log(x) - x - LogGamma(a);
        return x < a + 1
            ? 1 - Math.Exp(logFront) * LowerGammaSeries(a, x)
            : Math.Exp(logFront) * UpperGammaContinuedFraction(a, x);
    }

    /// <summary>The continued fraction of the incomplete beta function, by the modified Lentz method.</summary>
    private static double BetaContinuedFraction(double x, double a, double b)
    {
        double c = 1, d = 1 - (a + b) * x / (a + 1);
        d = 1 / NonZero(d);
        var result = d;
        for (var m = 1; m <= MaxTerms; m++)
        {
            // Even step: d_{2m} = m(b − m)x / ((a + 2m − 1)(a + 2m)).
            var even = m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m));
            d = 1 / NonZero(1 + even * d);
            c = NonZero(1 + even / c);
            result *= d * c;
            // Odd step: d_{2m+1} = −(a + m)(a + b + m)x / ((a + 2m)(a + 2m + 1)).
            var odd = -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1));
            d = 1 / NonZero(1 + odd * d);
            c = NonZero(1 + odd / c);
            var delta = d * c;
            result *= delta;
            if (Math.Abs(delta - 1) < Epsilon)
                return result;
        }
        throw new ArithmeticException($"incomplete beta continued fraction did not converge for x={x}, a={a}, b={b}");
    }

    /// <summary>γ(a, x) x^−a e^x Γ(a)/Γ(a) as the series Σ x^n / (a (a+1) … (a+n)).</summary>
    private static double LowerGammaSeries(double a, double x)
    {
        double term = 1 / a, sum = term;
        for (var n = 1; n <= MaxTerms; n++)
        {
            term *= x / (a + n);
            sum += term;
            if (Math.Abs(term) < Math.Abs(sum) * Epsilon)
                return sum;
        }
        throw new ArithmeticException($"incomplete gamma series did not converge for a={a}, x={x}");
    }

    /// <summary>The continued fraction for Γ(a, x) x^−a e^x (Lentz), valid for x ≥ a + 1.</summary>
    private static double UpperGammaContinuedFraction(double a, double x)
    {
        var b = x + 1 - a;
        double c = 1 / Tiny, d = 1 / b, result = d;
        for (var n = 1; n <= MaxTerms; n++)
        {
            var an = -n * (n - a);
            b += 2;
            d = 1 / NonZero(an * d + b);
            c = NonZero(b + an / c);
            var delta = d * c;
            result *= delta;
            if (Math.Abs(delta - 1) < Epsilon)
                return result;
        }
        throw new ArithmeticException($"incomplete gamma continued fraction did not converge for a={a}, x={x}");
    }

    private static double NonZero(double value) => Math.Abs(value) < Tiny ? Tiny : value;
}
