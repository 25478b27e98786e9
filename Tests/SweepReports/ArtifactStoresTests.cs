using Grid.Client.SweepReports;
using Grid.Learning.Training;
using Grid.Storage;
using Microsoft.Extensions.Configuration;
using Xunit;

namespace Grid.Tests.SweepReports;

/// <summary>The console opens the artifact store the silo writes, from the same configuration keys.</summary>
[Trait("Category", "Unit")]
public sealed class ArtifactStoresTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("grid-artifacts-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private IConfiguration Localhost() => new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["Cluster:Mode"] = "localhost",
        ["Storage:LocalDirectory"] = _root,
    }).Build();

    [Fact]
    public async Task LocalhostModeReadsWhatASiloWroteUnderTheLocalDirectory()
    {
        // The silo's localhost store: Storage:LocalDirectory/artifacts.
        var silo = new DirectoryBlobStore(Path.Combine(_root, "artifacts"));
        var stored = SweepSnapshots.Result(1, chosenK: 7);
        await silo.WriteAsync(ArtifactSerializer.ResultBlob("e/0/1"), new MemoryStream(ArtifactSerializer.Serialize(stored)), CancellationToken.None);

        var read = await ArtifactStores.ReadAsync<FoldResult>(ArtifactStores.FromConfiguration(Localhost()), ArtifactSerializer.ResultBlob("e/0/1"), CancellationToken.None);

        Assert.Equal(7, read.ChosenK);
        Assert.Equal(stored.Classes, read.Classes);
        Assert.Equal(stored.BestPredictions.Predicted, read.BestPredictions.Predicted);
        Assert.Equal(stored.BestPredictions.Embeddings[3], read.BestPredictions.Embeddings[3]);
    }

    [Fact]
    public async Task AMissingArtifactIsAnErrorNamingTheBlobAndTheStore()
    {
        var store = ArtifactStores.FromConfiguration(Localhost());

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => ArtifactStores.ReadAsync<FoldResult>(store, "artifacts/e/0/9/result.msgpack", CancellationToken.None));

        Assert.Contains("artifacts/e/0/9/result.msgpack", error.Message);
        Assert.Contains(_root, error.Message);
    }

    [Fact]
    public async Task ACorruptArtifactIsAnErrorNamingTheBlob()
    {
        var silo = new DirectoryBlobStore(Path.Combine(_root, "artifacts"));
        await silo.WriteAsync("artifacts/e/0/2/result.msgpack", new MemoryStream([0xc1, 0x00, 0x13]), CancellationToken.None);

        var error = await Assert.ThrowsAsync<InvalidDataException>(() =>
            ArtifactStores.ReadAsync<FoldResult>(ArtifactStores.FromConfiguration(Localhost()), "artifacts/e/0/2/result.msgpack", CancellationToken.None));

        Assert.Contains("artifacts/e/0/2/result.msgpack", error.Message);
    }
}
