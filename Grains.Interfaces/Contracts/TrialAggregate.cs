namespace Grid.Grains;

/// <summary>
/// Validation accuracy of one trial summarised over its succeeded folds (and, on a fixed split, test accuracy at the
/// best epoch). Standard deviations are
/// sample ones (n − 1; 0 for one fold) over the folds that reached each epoch (Grid.Learning.Analysis.FoldAggregate).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record TrialAggregate(
    [property: Id(0)] IReadOnlyList<double> EpochMean,
    [property: Id(1)] IReadOnlyList<double> EpochStd,
    [property: Id(2)] int BestEpoch,
    [property: Id(3)] double BestAverageAccuracy,
    [property: Id(4)] double BestAverageStd,
    [property: Id(5)] double LastEpochMean,
    [property: Id(6)] double LastEpochStd,
    [property: Id(7)] IReadOnlyDictionary<int, double> PerFoldBest,
    [property: Id(8)] int FoldsCovered)
{
    public static TrialAggregate Empty { get; } = new([], [], 0, 0, 0, 0, 0, new Dictionary<int, double>(), 0);

    /// <summary>
    /// A fixed split's headline (the thesis's GTZAN result): the folds' test accuracy at <see cref="BestEpoch"/>, averaged
    /// over the covered folds (GTZAN has one); null unless every covered fold reported test accuracies.
    /// </summary>
    [Id(9)] public double? TestAccuracyAtBest { get; init; }

    /// <summary>Sample standard deviation of the folds' test accuracy at <see cref="BestEpoch"/> (0 for one fold); null with <see cref="TestAccuracyAtBest"/>.</summary>
    [Id(10)] public double? TestStdAtBest { get; init; }
}
