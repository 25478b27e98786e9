using System.Text.Json;

namespace Grid.Tests.Analysis;

/// <summary>Reads reference files under Tests/Fixtures, found by walking up from the test binaries to Grid.sln.</summary>
internal static class Fixtures
{
    public static JsonElement Json(string relativePath)
    {
        var path = Path.Combine(RepositoryRoot(), "Tests", "Fixtures", relativePath);
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return document.RootElement.Clone();
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            if (File.Exists(Path.Combine(directory.FullName, "Grid.sln")))
                return directory.FullName;
        throw new DirectoryNotFoundException($"no Grid.sln above {AppContext.BaseDirectory}");
    }
}
