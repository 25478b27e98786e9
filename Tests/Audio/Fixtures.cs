namespace Grid.Tests.Audio;

/// <summary>Locates Tests/Fixtures/audio in the source tree (found by walking up to Grid.sln).</summary>
static class Fixtures
{
    public static string AudioDirectory { get; } = Locate();

    public static string Path(string name) => System.IO.Path.Combine(AudioDirectory, name);

    static string Locate()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "Grid.sln")))
                return System.IO.Path.Combine(directory.FullName, "Tests", "Fixtures", "audio");
        throw new DirectoryNotFoundException($"no Grid.sln above {AppContext.BaseDirectory}");
    }
}
