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
}
