namespace Grid.Grains;

/// <summary>A trial's progress and aggregate, as the experiment and the console show it.</summary>
[GenerateSerializer, Immutable]
public sealed record TrialSummary(
    [property: Id(0)] string Key,
    [property: Id(1)] int Index,
    [property: Id(2)] IReadOnlyDictionary<string, string> Parameters,
    [property: Id(3)] int FoldsTotal,
    [property: Id(4)] int FoldsSucceeded,
    [property: Id(5)] int FoldsFailed,
    [property: Id(6)] int FoldsCancelled,
    [property: Id(7)] TrialAggregate Aggregate,
    [property: Id(8)] IReadOnlyList<FoldStatus> Folds,
    [property: Id(9)] long Version)
{
    public bool IsFinished => FoldsSucceeded + FoldsFailed + FoldsCancelled == FoldsTotal;

    /// <summary>Folds a stopping rule stopped (counted in <see cref="FoldsCancelled"/> too).</summary>
    public int FoldsStopped => Folds.Count(f => f.IsStopped);

    /// <summary>True when the aggregate covers fewer folds than the trial has: a stopped, failed or unfinished trial.</summary>
    public bool IsPartial => Aggregate.FoldsCovered < FoldsTotal;
}
