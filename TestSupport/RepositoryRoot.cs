namespace Grid.Tests.Infrastructure;

/// <summary>Finds the repository (the folder holding Grid.sln) and the build configuration the tests run in.</summary>
public static class RepositoryRoot
{
    public static string Path { get; } = Find();

    /// <summary>Release or Debug: the folder name two levels above the test assembly.</summary>
    public static string Configuration { get; } =
        new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(System.IO.Path.DirectorySeparatorChar)).Parent!.Name;

    private static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "Grid.sln")))
                return directory.FullName;
        throw new InvalidOperationException($"no Grid.sln above {AppContext.BaseDirectory}");
    }
}
