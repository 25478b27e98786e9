using ScottPlot;

namespace Grid.Client.Reports.Figures;

/// <summary>t-SNE of held-out embeddings, side by side coloured by true and by predicted class (the thesis's Figure 3.5).</summary>
public static class TsneFigure
{
    private const int LegendRowPixels = 19;
    private static readonly MarkerShape[] Shapes = [MarkerShape.FilledCircle, MarkerShape.FilledSquare, MarkerShape.FilledTriangleUp];

    public static byte[] Render(string title, double[][] map, IReadOnlyList<int> labels, IReadOnlyList<int> predicted,
        IReadOnlyList<string> classes)
    {
        var multiplot = new Multiplot();
        multiplot.AddPlots(2);
        Panel(multiplot.GetPlot(0), $"{title}: true class", map, labels, classes, legend: false);
        Panel(multiplot.GetPlot(1), $"{title}: predicted class", map, predicted, classes, legend: true);
        multiplot.Layout = new ScottPlot.MultiplotLayouts.Columns();
        multiplot.SharedAxes.ShareX(multiplot.GetPlots());
        multiplot.SharedAxes.ShareY(multiplot.GetPlots());
        // Tall enough for the legend to fit in one column (ScottPlot clips a second one).
        var height = Math.Max(620, LegendRowPixels * classes.Count + 150);
        return multiplot.Render(1500, height).GetImageBytes(ImageFormat.Png);
    }

    private static void Panel(Plot target, string title, double[][] map, IReadOnlyList<int> classOf,
        IReadOnlyList<string> classes, bool legend)
    {
        FigureStyle.Apply(target, title, "t-SNE 1", "t-SNE 2");
        for (var c = 0; c < classes.Count; c++)
        {
            var members = Enumerable.Range(0, map.Length).Where(i => classOf[i] == c).ToArray();
            var points = target.Add.ScatterPoints(members.Select(i => map[i][0]).ToArray(), members.Select(i => map[i][1]).ToArray(),
                FigureStyle.SeriesColor(c, classes.Count));
            points.MarkerSize = 6;
            // The palette repeats after 20 colours: later classes get another marker shape.
            points.MarkerShape = Shapes[c / 20 % Shapes.Length];
            points.LegendText = legend ? classes[c] : "";
        }
        if (legend)
        {
            target.ShowLegend(Edge.Right);
            target.Legend.FontSize = classes.Count > 20 ? 10 : 13;
        }
    }
}
