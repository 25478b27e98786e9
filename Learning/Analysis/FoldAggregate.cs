namespace Grid.Learning.Analysis;

/// <summary>
/// Validation accuracy of one configuration summarised over cross-validation folds: the one aggregation the grid
/// (sweep status, results) and the report show. Per epoch, the mean and the sample standard deviation (n − 1; 0 for
/// a single fold) over the folds that reached that epoch; the best epoch is the one whose fold mean is highest (the
/// first on ties), reported with that epoch's standard deviation; the last epoch summarises each fold's final value.
/// </summary>
public sealed record FoldAggregate(
    IReadOnlyList<double> EpochMean,
    IReadOnlyList<double> EpochStd,
    int BestEpoch,
    double BestMean,
    double BestStd,
    double LastMean,
    double LastStd,
    int FoldCount)
{
    /// <param name="foldCurves">Validation accuracy after each epoch (index 0 = epoch 1), one curve per fold; none may be empty.</param>
    public static FoldAggregate Of(IReadOnlyCollection<IReadOnlyList<double>> foldCurves)
    {
        if (foldCurves.Count == 0) throw new ArgumentException("no folds to aggregate", nameof(foldCurves));
        if (foldCurves.Any(curve => curve.Count == 0)) throw new ArgumentException("a fold has no epochs", nameof(foldCurves));

        var epochs = foldCurves.Max(curve => curve.Count);
        var means = new double[epochs];
        var stds = new double[epochs];
        for (var e = 0; e < epochs; e++)
            (means[e], stds[e]) = MeanAndStd(foldCurves.Where(curve => curve.Count > e).Select(curve => curve[e]).ToArray());

        var best = 0;
        for (var e = 1; e < epochs; e++)
            if (means[e] > means[best]) best = e;

        var (lastMean, lastStd) = MeanAndStd(foldCurves.Select(curve => curve[^1]).ToArray());
        return new FoldAggregate(means, stds, best + 1, means[best], stds[best], lastMean, lastStd, foldCurves.Count);
    }

    /// <summary>Mean and sample standard deviation (n − 1), 0 for a single value.</summary>
    public static (double Mean, double Std) MeanAndStd(IReadOnlyList<double> values)
    {
        if (values.Count == 0) throw new ArgumentException("no values", nameof(values));
        var mean = values.Sum() / values.Count;
        if (values.Count < 2) return (mean, 0);
        var squares = values.Sum(v => (v - mean) * (v - mean));
        return (mean, Math.Sqrt(squares / (values.Count - 1)));
    }
}
