using ScottPlot;

namespace Grid.Client.Reports.Figures;

/// <summary>
/// The headline accuracy of every trial against one swept parameter, with ±1 standard deviation error bars and one
/// series per method (trials of a method that differ in other parameters are separate points, not joined).
/// Numeric values get a numeric axis (log-scaled when positive and spanning two decades or more), other values one
/// evenly spaced position each.
/// </summary>
public static class ParameterFigure
{
    public sealed record Point(string Value, TrialStatistics Summary, double Accuracy, double Std);

    public static byte[] Render(string parameter, string accuracyName, IReadOnlyList<Point> points)
    {
        var axis = ParameterAxis.For(points.Select(p => p.Value).ToList());
        var plot = FigureStyle.NewPlot($"{char.ToUpperInvariant(accuracyName[0])}{accuracyName[1..]} against {parameter}", axis.IsLog ? $"{parameter} (log scale)" : parameter, $"{accuracyName} (%)");
        var methods = points.Select(p => p.Summary.Trial.Method).Distinct().ToList();
        var dodge = axis.SmallestGap * 0.4 / Math.Max(1, methods.Count);
        for (var m = 0; m < methods.Count; m++)
        {
            // Methods sit side by side around each value so that their error bars do not hide each other.
            var offset = (m - (methods.Count - 1) / 2.0) * dodge;
            var series = points.Where(p => p.Summary.Trial.Method == methods[m]).ToArray();
            var xs = series.Select(p => axis.Position(p.Value) + offset).ToArray();
            var ys = series.Select(p => 100 * p.Accuracy).ToArray();
            var color = FigureStyle.SeriesColor(m, methods.Count);
            var bars = FigureStyle.PercentErrorBars(plot, xs, ys, series.Select(p => 100 * p.Std).ToArray());
            bars.Color = color;
            var markers = plot.Add.ScatterPoints(xs, ys, color);
            markers.MarkerSize = 9;
            markers.LegendText = methods[m];
        }
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(axis.TickPositions, axis.TickLabels);
        plot.Axes.Margins(horizontal: 0.1, vertical: 0.15);
        plot.ShowLegend(Edge.Right);
        return FigureStyle.Png(plot, FigureStyle.Width, 520);
    }
}
