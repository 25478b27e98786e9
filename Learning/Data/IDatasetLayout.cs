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

    /// <summary>The evaluation window in seconds a spec uses when it sets no <c>features.clipSeconds</c>.</summary>
    double DefaultClipSeconds { get; }

    /// <summary>Lists every clip with path, label and fold; a bad folder throws <see cref="DatasetFormatException"/>.</summary>
    DatasetIndex Read(string root, DatasetReadOptions options);
}
