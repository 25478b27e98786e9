namespace Grid.Client.Reports.Figures;

/// <summary>Fold-mean validation accuracy per epoch with a ±1 standard deviation band, one line per trial (the seed's Figures 3.3, 3.4, 3.7, 3.8).</summary>
public static class ValidationCurvesFigure
{
    public static byte[] Render(string title, IReadOnlyList<TrialSummary> trials)
    {
        var plot = FigureStyle.NewPlot(title, "epoch", "validation accuracy (%)");
        for (var t = 0; t < trials.Count; t++)
        {
            var trial = trials[t];
            var color = FigureStyle.SeriesColor(t, trials.Count);
            var epochs = Enumerable.Range(1, trial.MeanPerEpoch.Count).Select(e => (double)e).ToArray();
            var mean = trial.MeanPerEpoch.Select(v => 100 * v).ToArray();
            var std = trial.StdPerEpoch.Select(v => 100 * v).ToArray();
            var band = plot.Add.FillY(epochs, mean.Zip(std, (m, s) => m - s).ToArray(), mean.Zip(std, (m, s) => m + s).ToArray());
            band.FillColor = color.WithAlpha(0.18);
            band.LineWidth = 0;
            var line = plot.Add.Scatter(epochs, mean, color);
            line.LineWidth = 2;
            line.MarkerSize = epochs.Length <= 40 ? 5 : 0;
            line.LegendText = ReportText.TrialLabel(trial.Trial);
        }
        FigureStyle.IntegerTicks(plot.Axes.Bottom);
        plot.ShowLegend(ScottPlot.Edge.Right);
        return FigureStyle.Png(plot);
    }
}
