namespace Grid.Learning.Data;

/// <summary>A dataset folder that does not have the expected layout. The message names the file and, where known, the line.</summary>
public sealed class DatasetFormatException(string path, int? line, string reason)
    : Exception(line is { } l ? $"{path}:{l}: {reason}" : $"{path}: {reason}")
{
    public string FilePath { get; } = path;
    public int? Line { get; } = line;
    public string Reason { get; } = reason;
}
