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

    public void Add(DatasetProblem problem) => _problems.Add(problem);
}

/// <summary>Small checks shared by the layouts.</summary>
static class LayoutChecks
{
    public static void RequireDirectory(string path)
    {
        if (!Directory.Exists(path)) throw new DatasetFormatException(path, null, "folder not found");
    }

    /// <summary>Fails when the dataset has no clips at all (a wrong root folder, typically).</summary>
    public static void RequireClips(string root, IReadOnlyCollection<Clip> clips)
    {
        if (clips.Count == 0) throw new DatasetFormatException(root, null, "no audio clips found");
    }
}
