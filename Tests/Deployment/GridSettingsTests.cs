using Grid.Client;
using Grid.Configuration;
using Grid.Silo.Configuration;
using Grid.Silo.Storage;
using Grid.Storage;
using Grid.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Xunit;

namespace Grid.Tests.Deployment;

/// <summary>The Cluster and Storage sections as silo and console share them: one binding, one validation, one store factory.</summary>
[Trait("Category", "Unit")]
public sealed class GridSettingsTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("grid-settings-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static IConfiguration Configuration(params (string Key, string Value)[] values) => SiloConfigurationTests.Configuration(values);

    [Fact]
    public void AnEmptyConfigurationTakesTheTypedDefaults()
    {
        var (cluster, storage) = GridSettings.Load(Configuration());

        Assert.Equal(("azure", "grid", "grid", 11111, 30000), (cluster.Mode, cluster.ClusterId, cluster.ServiceId, cluster.SiloPort, cluster.GatewayPort));
        Assert.Equal(("grid-artifacts", "grid-datasets", "grid-grains", "GridMembership"),
            (storage.ArtifactContainer, storage.DatasetContainer, storage.GrainContainer, storage.ClusteringTable));
    }

    [Theory]
    [MemberData(nameof(SiloConfigurationTests.ConfigFiles), MemberType = typeof(SiloConfigurationTests))]
    public void TheConsoleReadsEveryShippedFileAsTheSiloDoes(string file)
    {
        var configuration = new ConfigurationBuilder().AddJsonFile(Path.Combine(RepositoryRoot.Path, "orleans-config", file)).Build();

        var console = GridSettings.Load(configuration);
        var silo = SettingsLoader.Load(configuration);

        Assert.Equivalent(silo.Cluster, console.Cluster, strict: true);
        Assert.Equivalent(silo.Storage, console.Storage, strict: true);
    }

    [Fact]
    public void BadValuesAreRefusedNamingEachKey()
    {
        var error = Assert.Throws<GridConfigurationException>(() => GridSettings.Load(Configuration(
            ("Cluster:GatewayPort", "0"), ("Storage:ArtifactContainer", "Bad_Name"), ("Cluster:Mode", "Localhost"))));

        Assert.Contains("Cluster:GatewayPort must be in 1-65535 (got 0)", error.Message);
        Assert.Contains("Storage:ArtifactContainer must be a blob container name", error.Message);
        Assert.Contains("Cluster:Mode must be azure or localhost (got 'Localhost')", error.Message);
        Assert.Contains("'x' at 'Cluster:SiloPort'",
            Assert.Throws<GridConfigurationException>(() => GridSettings.Load(Configuration(("Cluster:SiloPort", "x")))).Message);
    }

    [Fact]
    public async Task AHostWithTheSharedSettingsRefusesToStartOnABadValue()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection([KeyValuePair.Create("Cluster:SiloPort", (string?)"70000")]);
        GridSettings.AddTo(builder.Services);
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("Cluster:SiloPort must be in 1-65535 (got 70000)", error.Message);
    }

    [Fact]
    public void TheStoresAreFoldersInLocalhostModeAndContainersOtherwise()
    {
        var local = GridStores.Open(GridSettings.Load(Configuration(("Cluster:Mode", "localhost"), ("Storage:LocalDirectory", _root))));
        Assert.Equal(Path.Combine(_root, "artifacts"), local.Artifacts.Address);
        Assert.Equal(Path.Combine(_root, "datasets"), local.Datasets.Address);

        var missing = Assert.Throws<GridConfigurationException>(() => GridStores.Open(GridSettings.Load(Configuration())));
        Assert.Contains("Storage:ConnectionString is not set", missing.Message);

        var azure = GridStores.Open(GridSettings.Load(Configuration(
            ("Storage:ConnectionString", "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=a2V5;BlobEndpoint=http://127.0.0.1:1/devstoreaccount1"),
            ("Storage:DatasetContainer", "my-datasets"))));
        Assert.Equal("http://127.0.0.1:1/devstoreaccount1/grid-artifacts", azure.Artifacts.Address);
        Assert.Equal("http://127.0.0.1:1/devstoreaccount1/my-datasets", azure.Datasets.Address);
    }

    [Fact]
    public async Task AnUploadedDatasetIsWhatTheSilosCacheDownloads()
    {
        var dataset = Directory.CreateDirectory(Path.Combine(_root, "tiny"));
        Directory.CreateDirectory(Path.Combine(dataset.FullName, "audio", "fold1"));
        await File.WriteAllBytesAsync(Path.Combine(dataset.FullName, "audio", "fold1", "a.wav"), [1, 2, 3]);
        var configuration = Configuration(("Cluster:Mode", "localhost"), ("Storage:LocalDirectory", Path.Combine(_root, "storage")));

        Assert.Equal(1, await DataUploadCommand.UploadAsync(configuration, dataset, "tiny", CancellationToken.None));

        var cache = new DatasetCache(GridStores.Open(GridSettings.Load(configuration)).Datasets, Path.Combine(_root, "cache"));
        var folder = cache.Resolve("blob:tiny", CancellationToken.None);
        Assert.Equal([1, 2, 3], await File.ReadAllBytesAsync(Path.Combine(folder, "audio", "fold1", "a.wav")));
    }
}
