namespace Grid.Learning.Data;

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

    /// <summary>
    /// <paramref name="listedName"/> (a file named in a metadata file) inside <paramref name="folder"/>; a name that
    /// is absolute or climbs out of <paramref name="root"/> with <c>..</c> fails naming the metadata file and line,
    /// so metadata can never point a job at files outside the dataset.
    /// </summary>
    public static string ListedPath(string root, string folder, string listedName, string listPath, int line)
    {
        var path = Path.Combine(folder, listedName);
        var fullRoot = Path.GetFullPath(root);
        if (!Path.EndsInDirectorySeparator(fullRoot)) fullRoot += Path.DirectorySeparatorChar;
        if (Path.IsPathRooted(listedName) || !Path.GetFullPath(path).StartsWith(fullRoot, StringComparison.Ordinal))
            throw new DatasetFormatException(listPath, line, $"'{listedName}' leaves the dataset root {root}");
        return path;
    }
}
