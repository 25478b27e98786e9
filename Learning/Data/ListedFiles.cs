namespace Grid.Learning.Data;

/// <summary>Checks that files listed in a metadata CSV exist: absent files fail, or are skipped as problems under skipBad.</summary>
sealed class ListedFiles(bool skipBad)
{
    private readonly List<DatasetProblem> _problems = [];

    public IReadOnlyList<DatasetProblem> Problems => _problems;

    /// <summary>True when the file exists; otherwise throws, or records a problem and returns false under skipBad.</summary>
    public bool Exists(string audioPath, string listPath, int line)
    {
        if (File.Exists(audioPath)) return true;
        if (!skipBad) throw new DatasetFormatException(listPath, line, $"listed audio file {audioPath} not found");
        _problems.Add(new DatasetProblem(audioPath, null, $"listed at {listPath}:{line} but not found; skipped"));
        return false;
    }
}
