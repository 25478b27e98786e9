namespace Grid.Client.Reports.Figures;

/// <summary>
/// Fold-mean validation accuracy per epoch with a ±1 standard deviation band, one line per trial (the seed's
/// Figures 3.3, 3.4, 3.7, 3.8). On a fixed split a diamond marks each trial's test accuracy at its best validation epoch.
/// </summary>
public static class ValidationCurvesFigure
{
    public static byte[] Render(string title, IReadOnlyList<TrialSummary> trials)
    {
        var withTest = trials.Any(t => t.Trial.TestAccuracy is not null);
        var plot = FigureStyle.NewPlot(title, "epoch", withTest ? "validation and test accuracy (%)" : "validation accuracy (%)");
        for (var t = 0; t < trials.Count; t++)
        {
            var trial = trials[t];
            var color = FigureStyle.SeriesColor(t, trials.Count);
            var epochs = Enumerable.Range(1, trial.MeanPerEpoch.Count).Select(e => (double)e).ToArray();
            var mean = trial.MeanPerEpoch.Select(v => 100 * v).ToArray();
            var std = trial.StdPerEpoch.Select(v => 100 * v).ToArray();
            // The band is cut at 0 and 100: no fold's accuracy can leave them.
            var band = plot.Add.FillY(epochs, mean.Zip(std, (m, s) => Math.Max(0, m - s)).ToArray(), mean.Zip(std, (m, s) => Math.Min(100, m + s)).ToArray());
            band.FillColor = color.WithAlpha(0.18);
            band.LineWidth = 0;
            var line = plot.Add.Scatter(epochs, mean, color);
            line.LineWidth = 2;
            line.MarkerSize = epochs.Length <= 40 ? 5 : 0;
            if (epochs.Length == 1)
            {
                // One epoch (kNN) has no band to draw: a larger marker with ±1 standard deviation bars instead.
                line.MarkerSize = 10;
                FigureStyle.PercentErrorBars(plot, epochs, mean, std).Color = color;
            }
            line.LegendText = ReportText.TrialLabel(trial.Trial);
            if (trial.Trial.TestAccuracy is { } test)
            {
                var star = plot.Add.Marker(trial.BestEpoch, 100 * test, ScottPlot.MarkerShape.FilledDiamond, 14, color);
                star.LegendText = "";
            }
        }
        FigureStyle.IntegerTicks(plot.Axes.Bottom);
        plot.ShowLegend(ScottPlot.Edge.Right);
        return FigureStyle.Png(plot);
    }
}
