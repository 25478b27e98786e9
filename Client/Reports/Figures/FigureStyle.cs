using ScottPlot;

namespace Grid.Client.Reports.Figures;

/// <summary>Sizes, fonts and colours shared by every report figure.</summary>
internal static class FigureStyle
{
    public const int Width = 1000;
    public const int Height = 600;

    private static readonly IPalette Few = new ScottPlot.Palettes.Category10();
    private static readonly IPalette Many = new ScottPlot.Palettes.Category20();

    /// <summary>The first installed of a few common sans-serif families; Skia's own default otherwise (often a serif).</summary>
    private static readonly string SansFont =
        new[] { "DejaVu Sans", "Liberation Sans", "Noto Sans", "Arial", "Helvetica" }
            .FirstOrDefault(SkiaSharp.SKFontManager.Default.FontFamilies.Contains) ?? Fonts.Default;

    /// <summary>A plot with the report's sans-serif font and a title.</summary>
    public static Plot NewPlot(string title, string xLabel, string yLabel)
    {
        var plot = new Plot();
        Apply(plot, title, xLabel, yLabel);
        return plot;
    }

    /// <summary>Sets the report's sans-serif font, the title and the axis labels of an existing plot.</summary>
    public static void Apply(Plot plot, string title, string xLabel, string yLabel)
    {
        plot.Font.Set(SansFont);
        plot.Title(title, size: 18);
        plot.XLabel(xLabel, size: 15);
        plot.YLabel(yLabel, size: 15);
    }

    /// <summary>The colour of series <paramref name="index"/> out of <paramref name="count"/> (10 distinct colours, 20 beyond that).</summary>
    public static Color SeriesColor(int index, int count) =>
        count <= 10 ? Few.GetColor(index) : Many.GetColor(index);

    /// <summary>Integer ticks only, for epochs.</summary>
    public static void IntegerTicks(IAxis axis) =>
        axis.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };

    /// <summary>
    /// Vertical error bars of ±<paramref name="std"/> around accuracies in percent, cut at 0 and 100: a ±1 standard
    /// deviation interval says how far folds spread, and no fold can leave [0, 100].
    /// </summary>
    public static ScottPlot.Plottables.ErrorBar PercentErrorBars(Plot plot, double[] xs, double[] ys, double[] std)
    {
        var up = ys.Zip(std, (y, s) => Math.Min(100, y + s) - y).ToArray();
        var down = ys.Zip(std, (y, s) => y - Math.Max(0, y - s)).ToArray();
        var bars = new ScottPlot.Plottables.ErrorBar(xs, ys, null, null, up, down);
        plot.Add.Plottable(bars);
        return bars;
    }

    public static byte[] Png(Plot plot, int width = Width, int height = Height) =>
        plot.GetImageBytes(width, height, ImageFormat.Png);
}
