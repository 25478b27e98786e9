using System.Text.Json;
using Grid.Tests.Infrastructure;
using Xunit;

namespace Grid.Tests.Build;

/// <summary>
/// The silo is built without tiered compilation (Silo/Silo.csproj says why): its runtime configuration, which the silo
/// processes of the end-to-end tests and the published image start with, must say so.
/// </summary>
[Trait("Category", "Unit")]
public sealed class SiloRuntimeConfigTests
{
    [Fact]
    public void TheSiloRunsWithoutTieredCompilation()
    {
        var path = Path.Combine(RepositoryRoot.Path, "Silo", "bin", RepositoryRoot.Configuration, "net10.0", "grid-silo.runtimeconfig.json");
        using var config = JsonDocument.Parse(File.ReadAllText(path));
        var properties = config.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties");
        Assert.True(properties.TryGetProperty("System.Runtime.TieredCompilation", out var tiered), $"{path} does not set System.Runtime.TieredCompilation");
        Assert.Equal(JsonValueKind.False, tiered.ValueKind);
    }
}
