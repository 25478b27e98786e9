using Grid.Learning.Metrics;
using ScottPlot;

namespace Grid.Client.Reports.Figures;

/// <summary>
/// A confusion-matrix heatmap (the thesis's Figure 3.6): rows are true classes, columns predicted ones, the colour
/// is the share of the true class (so rare classes show as clearly as common ones) and each cell is labelled with its count.
/// </summary>
public static class ConfusionFigure
{
    // Beyond this many classes the per-cell counts would not be legible.
    private const int MaxAnnotatedClasses = 20;
    // Beyond this many classes the predicted-class names are turned vertical so they do not overlap.
    private const int RotateLabelsAbove = 5;

    public static byte[] Render(string title, ClassificationMetrics metrics, IReadOnlyList<string> classes)
    {
        var n = classes.Count;
        var plot = FigureStyle.NewPlot(title, "predicted class", "true class");
        // The heatmap draws row 0 at the top: row r sits at y = n − 1 − r, column c at x = c.
        var shares = new double[n, n];
        for (var r = 0; r < n; r++)
            for (var c = 0; c < n; c++)
                shares[r, c] = metrics.Support[r] == 0 ? 0 : (double)metrics.Confusion[r][c] / metrics.Support[r];
        var heatmap = plot.Add.Heatmap(shares);
        heatmap.Colormap = new ScottPlot.Colormaps.Viridis();
        heatmap.ManualRange = new ScottPlot.Range(0, 1);
        var colorBar = plot.Add.ColorBar(heatmap);
        colorBar.Label = "share of the true class";
        colorBar.LabelStyle.FontSize = 14;
        double[] shareTicks = [0, 0.25, 0.5, 0.75, 1];
        colorBar.Axis.TickGenerator = new ScottPlot.TickGenerators.NumericManual(shareTicks, ["0%", "25%", "50%", "75%", "100%"]);
        colorBar.MinimumSize = 90;

        if (n <= MaxAnnotatedClasses)
            for (var r = 0; r < n; r++)
                for (var c = 0; c < n; c++)
                {
                    var label = plot.Add.Text(metrics.Confusion[r][c].ToString(System.Globalization.CultureInfo.InvariantCulture), c, n - 1 - r);
                    label.LabelFontSize = n <= 10 ? 16 : 11;
                    label.LabelAlignment = Alignment.MiddleCenter;
                    label.LabelFontColor = shares[r, c] > 0.6 ? Colors.Black : Colors.White;
                }

        var positions = Enumerable.Range(0, n).Select(i => (double)i).ToArray();
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(positions, classes.ToArray());
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            positions.Select(p => n - 1 - p).ToArray(), classes.ToArray());
        if (n > RotateLabelsAbove)
        {
            plot.Axes.Bottom.TickLabelStyle.Rotation = 90;
            plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleLeft;
            plot.Axes.Bottom.MinimumSize = 8 * classes.Max(c => c.Length) + 40;
        }
        plot.Axes.Margins(0, 0);
        plot.HideGrid();
        var size = 300 + 40 * Math.Min(n, 20);
        return FigureStyle.Png(plot, size + 260, size + 100);
    }
}
