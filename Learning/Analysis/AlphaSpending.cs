namespace Grid.Learning.Analysis;

/// <summary>How a one-sided level α is shared among repeated looks at accumulating data.</summary>
public enum AlphaSpendingFunction
{
    /// <summary>No sharing: every look is tested at α (what Optuna's Wilcoxon pruner does).</summary>
    None,

    /// <summary>Lan and DeMets' Pocock-type function α·ln(1 + (e − 1)·t): spends about evenly over the looks.</summary>
    Pocock,

    /// <summary>Lan and DeMets' O'Brien–Fleming-type function 2 − 2Φ(z<sub>α/2</sub>/√t): spends little early, most at the end.</summary>
    OBrienFleming,
}

/// <summary>
/// Alpha spending for a sequential test whose information grows in equal units (folds): the α spent by the fraction t
/// of the units, and the level of one look. A look is tested at the increment of the spending function since the
/// previous possible look, so the levels of all looks sum to α and, by the union bound, the chance that any look
/// rejects a true null is at most α whatever the correlation between the looks. Exact group-sequential boundaries
/// (which use that correlation) would reject a little sooner; these are the conservative form.
/// </summary>
public static class AlphaSpending
{
    /// <summary>The α spent once the fraction <paramref name="t"/> (clamped to [0, 1]) of the information is in.</summary>
    public static double Spent(AlphaSpendingFunction function, double alpha, double t)
    {
        t = Math.Clamp(t, 0, 1);
        if (t == 1) return alpha; // by definition, whatever the rounding of the formula
        return function switch
        {
            AlphaSpendingFunction.None => alpha,
            AlphaSpendingFunction.Pocock => alpha * Math.Log(1 + (Math.E - 1) * t),
            AlphaSpendingFunction.OBrienFleming => t == 0 ? 0 : 2 * SpecialFunctions.NormalSurvival(SpecialFunctions.NormalUpperQuantile(alpha / 2) / Math.Sqrt(t)),
            _ => throw new ArgumentOutOfRangeException(nameof(function), function, null),
        };
    }

    /// <summary>
    /// The level of a look at <paramref name="units"/> of <paramref name="total"/> units whose previous look was at
    /// <paramref name="previous"/> units (0: none): what is spent between the two, so that the levels of a sequence of
    /// looks sum to what is spent by the last. Without spending: α at every look.
    /// </summary>
    public static double Increment(AlphaSpendingFunction function, double alpha, int units, int previous, int total)
    {
        if (function == AlphaSpendingFunction.None) return alpha;
        if (total < 1 || previous < 0 || units <= previous) throw new ArgumentOutOfRangeException(nameof(units), units, $"a look at {units} units after one at {previous}");
        double Fraction(int u) => (double)Math.Min(u, total) / total;
        return Spent(function, alpha, Fraction(units)) - (previous == 0 ? 0 : Spent(function, alpha, Fraction(previous)));
    }
}
