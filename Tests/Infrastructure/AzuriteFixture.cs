using Xunit;

namespace Grid.Tests.Infrastructure;

/// <summary>An <see cref="AzuriteProcess"/> for a test collection: started before its first test, killed after its last.</summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    private readonly AzuriteProcess _azurite = new();

    public string ConnectionString => _azurite.ConnectionString;

    public Task InitializeAsync() => _azurite.StartAsync();

    public async Task DisposeAsync() => await _azurite.DisposeAsync();
}
