using System.Globalization;

namespace Grid.Client.Reports.Figures;

/// <summary>Where a swept parameter's values sit on a plot's x axis, and the ticks that label them.</summary>
public sealed class ParameterAxis
{
    private readonly Dictionary<string, double> _positions;

    public bool IsLog { get; }
    public double[] TickPositions { get; }
    public string[] TickLabels { get; }

    private ParameterAxis(Dictionary<string, double> positions, bool log)
    {
        _positions = positions;
        IsLog = log;
        var ordered = positions.OrderBy(p => p.Value).ToArray();
        TickPositions = ordered.Select(p => p.Value).ToArray();
        TickLabels = ordered.Select(p => p.Key).ToArray();
    }

    public double Position(string value) => _positions[value];

    /// <summary>The smallest distance between two values' positions (1 when there is a single value).</summary>
    public double SmallestGap => TickPositions.Length < 2 ? 1 : TickPositions.Zip(TickPositions.Skip(1), (a, b) => b - a).Min();

    public static ParameterAxis For(IReadOnlyList<string> values)
    {
        var distinct = values.Distinct().ToList();
        var numbers = distinct.Select(v => double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) ? x : (double?)null).ToList();
        if (numbers.Any(x => x is null || !double.IsFinite(x.Value)))
            return new ParameterAxis(distinct.Order(StringComparer.Ordinal).Select((v, i) => (v, i)).ToDictionary(p => p.v, p => (double)p.i), false);
        var log = numbers.All(x => x > 0) && numbers.Max()!.Value / numbers.Min()!.Value >= 100;
        return new ParameterAxis(distinct.Zip(numbers, (v, x) => (v, x!.Value)).ToDictionary(p => p.v, p => log ? Math.Log10(p.Item2) : p.Item2), log);
    }
}
