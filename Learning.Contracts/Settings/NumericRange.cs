using System.Globalization;

namespace Grid.Learning.Settings;

/// <summary>
/// The finite range a numeric setting must lie in, named by its field (camelCase, as a spec spells it). Every numeric
/// setting of the request records has one; NaN and infinities lie in none.
/// </summary>
public sealed record NumericRange(string Field, double Min, double Max, bool MinExclusive = false, bool MaxExclusive = false)
{
    /// <summary>Whether the setting holds only whole numbers (its type is int or long).</summary>
    public bool Integer { get; init; }

    /// <summary>An integer range [min, max].</summary>
    public static NumericRange Whole(string field, long min, long max) => new(field, min, max) { Integer = true };

    /// <summary>A real range [min, max], or (min, max] with <paramref name="minExclusive"/>, [min, max) with <paramref name="maxExclusive"/>.</summary>
    public static NumericRange Real(string field, double min, double max, bool minExclusive = false, bool maxExclusive = false) =>
        new(field, min, max, minExclusive, maxExclusive);

    public bool Contains(double value) =>
        double.IsFinite(value)
        && (MinExclusive ? value > Min : value >= Min)
        && (MaxExclusive ? value < Max : value <= Max);

    /// <summary>The range in interval notation, e.g. <c>[0, 1)</c> or <c>[1, 512]</c>.</summary>
    public string Describe() =>
        $"{(MinExclusive ? "(" : "[")}{Format(Min)}, {Format(Max)}{(MaxExclusive ? ")" : "]")}";

    /// <summary>The problem with <paramref name="value"/>, or null when it lies in the range.</summary>
    public SettingProblem? Check(double value) =>
        Contains(value) ? null : new SettingProblem(Field, $"must be in {Describe()} (got {Format(value)})");

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming <paramref name="parameter"/> when <paramref name="value"/> lies outside.</summary>
    public void Require(double value, string parameter)
    {
        if (Check(value) is { } problem) throw new ArgumentOutOfRangeException(parameter, $"{problem.Field} {problem.Reason}");
    }

    private static string Format(double value) => value.ToString(CultureInfo.InvariantCulture);
}
