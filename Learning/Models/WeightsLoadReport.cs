namespace Grid.Learning.Models;

/// <summary>How a weights file mapped onto an encoder.</summary>
/// <param name="Source">The file.</param>
/// <param name="StrippedPrefix">Prefix removed from the file's keys to reach torchvision names ("" for none, e.g. "module.encoder_q.").</param>
/// <param name="Loaded">Tensors copied into the encoder.</param>
/// <param name="Missing">Encoder keys the file lacks (kept at their initial values).</param>
/// <param name="Unexpected">File keys the encoder has no place for, classifier keys excepted.</param>
/// <param name="IgnoredClassifier">The file's fc.* keys: an ImageNet classifier the encoder drops by design.</param>
public sealed record WeightsLoadReport(
    string Source,
    string StrippedPrefix,
    int Loaded,
    IReadOnlyList<string> Missing,
    IReadOnlyList<string> Unexpected,
    IReadOnlyList<string> IgnoredClassifier)
{
    /// <summary>One line per finding, for logs and the command line.</summary>
    public IEnumerable<string> Describe()
    {
        yield return $"{Source}: loaded {Loaded} tensors" + (StrippedPrefix.Length > 0 ? $" (keys prefixed '{StrippedPrefix}')" : "");
        if (IgnoredClassifier.Count > 0)
            yield return $"ignored {IgnoredClassifier.Count} classifier keys ({string.Join(", ", IgnoredClassifier)}): expected, the encoder has no fc layer";
        if (Missing.Count > 0) yield return $"missing {Missing.Count} keys: {string.Join(", ", Missing)}";
        if (Unexpected.Count > 0) yield return $"unexpected {Unexpected.Count} keys: {string.Join(", ", Unexpected)}";
    }
}
