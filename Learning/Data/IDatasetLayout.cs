namespace Grid.Learning.Data;

/// <summary>Reads and validates one published dataset's folder layout.</summary>
public interface IDatasetLayout
{
    /// <summary>The short name used on the command line (us8k, esc50, ...).</summary>
    string Name { get; }

    /// <summary>
    /// The number of folds under the default read options, known before reading the data (US8K 10, ESC-50 5,
    /// GTZAN 3, DCASE 2013 2, FSD50K 3); null when only the dataset's own metadata says (csv).
    /// </summary>
    int? FoldCount { get; }

    /// <summary>
    /// Whether fold jobs can train and test a single-label classifier on it. False for FSD50K, whose multi-label
    /// clips serve pretraining only.
    /// </summary>
    bool Labelled { get; }

    /// <summary>The fixed train/validation/test split the layout has instead of cross-validation folds (GTZAN), or null.</summary>
    FixedSplit? FixedSplit { get; }

    /// <summary>
    /// The folds a sweep's jobs hold out when its spec lists none: every fold under cross-validation, only the
    /// validation split of a fixed split; null when the fold count is known only from the data (csv).
    /// </summary>
    IReadOnlyList<int>? HeldOutFolds =>
        FixedSplit is { } split ? [split.Validation]
        : FoldCount is { } count ? Enumerable.Range(1, count).ToArray()
        : null;

    /// <summary>The evaluation window in seconds a spec uses when it sets no <c>features.clipSeconds</c>.</summary>
    double DefaultClipSeconds { get; }

    /// <summary>Lists every clip with path, label and fold; a bad folder throws <see cref="DatasetFormatException"/>.</summary>
    DatasetIndex Read(string root, DatasetReadOptions options);
}
