using ScottPlot;

namespace Grid.Client.Reports.Figures;

/// <summary>t-SNE of held-out embeddings, side by side coloured by true and by predicted class (the seed's Figure 3.5).</summary>
public static class TsneFigure
{
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
        return multiplot.Render(1500, 620).GetImageBytes(ImageFormat.Png);
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
            points.LegendText = legend ? classes[c] : "";
        }
        if (legend)
            target.ShowLegend(Edge.Right);
    }
}
