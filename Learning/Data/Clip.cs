namespace Grid.Learning.Data;

/// <summary>
/// One labelled audio file of a dataset.
/// <paramref name="Fold"/> is 1-based (US8K 1..10, ESC-50 1..5; for split datasets see <see cref="DatasetIndex.FoldNames"/>).
/// <paramref name="SourceId"/> groups clips cut from one recording (US8K fsID, ESC-50 src_file), so they never straddle folds.
/// <paramref name="ExtraLabels"/> holds further label indices of multi-label datasets (FSD50K); the first label is <paramref name="Label"/>.
/// </summary>
public sealed record Clip(
    string Id,
    string Path,
    int Label,
    string ClassName,
    int Fold,
    string? SourceId = null,
    IReadOnlyList<int>? ExtraLabels = null);
