namespace Grid.Learning.Data;

/// <summary>Something wrong with one file of a dataset that was skipped rather than fatal (skipBad, known-bad files).</summary>
public sealed record DatasetProblem(string Path, int? Line, string Reason)
{
    public override string ToString() => Line is { } l ? $"{Path}:{l}: {Reason}" : $"{Path}: {Reason}";
}
