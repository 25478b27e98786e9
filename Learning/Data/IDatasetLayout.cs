namespace Grid.Learning.Data;

/// <summary>Reads and validates one published dataset's folder layout.</summary>
public interface IDatasetLayout
{
    /// <summary>The short name used on the command line (us8k, esc50, ...).</summary>
    string Name { get; }

    /// <summary>Lists every clip with path, label and fold; a bad folder throws <see cref="DatasetFormatException"/>.</summary>
    DatasetIndex Read(string root, DatasetReadOptions options);
}
