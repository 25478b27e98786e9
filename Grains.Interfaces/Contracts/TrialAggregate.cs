namespace Grid.Grains;

/// <summary>
/// Validation accuracy of one trial summarised over its succeeded folds. Standard deviations are
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
}
