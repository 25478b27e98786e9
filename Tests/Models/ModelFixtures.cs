using System.Text.Json;

namespace Grid.Tests.Models;

/// <summary>Finds the committed fixtures under Tests/Fixtures/models by walking up from the test binaries.</summary>
internal static class ModelFixtures
{
    public static string PathOf(string fileName)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "Tests", "Fixtures", "models", fileName);
            if (File.Exists(candidate)) return candidate;
        }
        throw new FileNotFoundException($"fixture Tests/Fixtures/models/{fileName} not found above {AppContext.BaseDirectory}");
    }

    public static JsonDocument Load(string fileName) => JsonDocument.Parse(File.ReadAllText(PathOf(fileName)));
}
