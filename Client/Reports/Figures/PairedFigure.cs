namespace Grid.Client.Reports.Figures;

/// <summary>The best two trials' accuracies fold by fold, so a reader sees whether the winner wins on every fold or on average only.</summary>
public static class PairedFigure
{
    public static byte[] Render(PairedComparison comparison)
    {
        var plot = FigureStyle.NewPlot("Best two trials, fold by fold", "fold", "accuracy at best-average epoch (%)");
        var folds = comparison.Folds.Select(f => (double)f).ToArray();
        AddSeries(plot, folds, comparison.FirstAccuracies, ReportText.TrialLabel(comparison.First.Trial), 0);
        AddSeries(plot, folds, comparison.SecondAccuracies, ReportText.TrialLabel(comparison.Second.Trial), 1);
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(folds,
            comparison.Folds.Select(f => f.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray());
        plot.Axes.Margins(horizontal: 0.08, vertical: 0.15);
        plot.ShowLegend(ScottPlot.Edge.Right);
        return FigureStyle.Png(plot, FigureStyle.Width, 480);
    }

    private static void AddSeries(ScottPlot.Plot plot, double[] folds, IReadOnlyList<double> accuracies, string label, int index)
    {
        var line = plot.Add.Scatter(folds, accuracies.Select(a => 100 * a).ToArray(), FigureStyle.SeriesColor(index, 2));
        line.LineWidth = 1.5f;
        line.MarkerSize = 9;
        line.LegendText = label;
    }
}
