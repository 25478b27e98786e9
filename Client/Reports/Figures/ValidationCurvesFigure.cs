namespace Grid.Client.Reports.Figures;

/// <summary>
/// Fold-mean validation accuracy per epoch with a ±1 standard deviation band, one line per trial (the thesis's
/// Figures 3.3, 3.4, 3.7, 3.8). On a fixed split a diamond marks each trial's test accuracy at its best validation epoch.
/// Folds still running are thin dashed lines in their trial's colour, outside the mean and the band.
/// </summary>
public static class ValidationCurvesFigure
{
    /// <summary>Above this many running folds in one figure the legend names each trial's running folds once, not each fold.</summary>
    public const int MaxRunningFoldEntries = 6;

    /// <summary>Extra image width for the running folds' longer legend entries (pixels).</summary>
    private const int RunningLegendWidth = 240;

    /// <summary>One trial of the figure; <paramref name="Summary"/> is null for a trial with only running folds.</summary>
    public sealed record Series(TrialData Trial, TrialStatistics? Summary);

    public static byte[] Render(string title, IReadOnlyList<Series> trials)
    {
        var withTest = trials.Any(t => t.Trial.TestAccuracy is not null);
        var plot = FigureStyle.NewPlot(title, "epoch", withTest ? "validation and test accuracy (%)" : "validation accuracy (%)");
        var legendPerFold = trials.Sum(t => t.Trial.RunningFolds.Count) <= MaxRunningFoldEntries;
        for (var t = 0; t < trials.Count; t++)
        {
            var color = FigureStyle.SeriesColor(t, trials.Count);
            if (trials[t].Summary is { } summary)
                AddMean(plot, summary, color);
            AddRunning(plot, trials[t], color, legendPerFold);
        }
        FigureStyle.IntegerTicks(plot.Axes.Bottom);
        plot.ShowLegend(ScottPlot.Edge.Right);
        if (!trials.Any(t => t.Trial.RunningFolds.Count > 0))
            return FigureStyle.Png(plot);
        // Longer symbols show the dashes; the wider image keeps the plot (and its title) as wide as without running folds.
        plot.Legend.SymbolWidth = 36;
        return FigureStyle.Png(plot, FigureStyle.Width + RunningLegendWidth);
    }

    private static void AddMean(ScottPlot.Plot plot, TrialStatistics trial, ScottPlot.Color color)
    {
        var epochs = Epochs(trial.MeanPerEpoch.Count);
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

    /// <summary>Each running fold's finished epochs as a thin dashed line; small open markers keep a one-epoch fold visible.</summary>
    private static void AddRunning(ScottPlot.Plot plot, Series series, ScottPlot.Color color, bool legendPerFold)
    {
        var running = series.Trial.RunningFolds;
        // A trial drawn only through its running folds is named with its method, since no solid line names it.
        var name = series.Summary is null ? ReportText.TrialLabel(series.Trial) : series.Trial.Name;
        for (var f = 0; f < running.Count; f++)
        {
            var fold = running[f];
            var line = plot.Add.Scatter(Epochs(fold.ValidationAccuracy.Count), fold.ValidationAccuracy.Select(v => 100 * v).ToArray(), color);
            line.LineWidth = 1.5f;
            line.LinePattern = ScottPlot.LinePattern.Dashed;
            line.MarkerShape = ScottPlot.MarkerShape.OpenCircle;
            line.MarkerSize = fold.ValidationAccuracy.Count <= 40 ? 6 : 0;
            if (legendPerFold)
                line.LegendText = $"{name} fold {fold.Fold} (running, {ReportText.EpochCount(fold.ValidationAccuracy.Count)})";
            else if (f == 0)
                line.LegendText = $"{name}: {running.Count} running fold{(running.Count == 1 ? "" : "s")} (dashed)";
        }
    }

    private static double[] Epochs(int count) => Enumerable.Range(1, count).Select(e => (double)e).ToArray();
}
