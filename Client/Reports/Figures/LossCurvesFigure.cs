namespace Grid.Client.Reports.Figures;

/// <summary>Pretraining loss per epoch of the runs of one method (MoCo's InfoNCE, NPID's NCE loss).</summary>
public static class LossCurvesFigure
{
    public static byte[] Render(string method, IReadOnlyList<PretrainingCurve> curves)
    {
        var plot = FigureStyle.NewPlot($"{method} pretraining loss", "epoch", "training loss");
        for (var c = 0; c < curves.Count; c++)
        {
            var epochs = Enumerable.Range(1, curves[c].Loss.Count).Select(e => (double)e).ToArray();
            var line = plot.Add.Scatter(epochs, curves[c].Loss.ToArray(), FigureStyle.SeriesColor(c, curves.Count));
            line.LineWidth = 2;
            line.MarkerSize = epochs.Length <= 40 ? 5 : 0;
            line.LegendText = curves[c].Label;
        }
        FigureStyle.IntegerTicks(plot.Axes.Bottom);
        // Run labels carry hyperparameters and trial lists: below the plot they do not squeeze its width.
        plot.ShowLegend(ScottPlot.Edge.Bottom);
        return FigureStyle.Png(plot);
    }
}
