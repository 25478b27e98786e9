using Grid.Client;
using Grid.Silo.Storage;
using Grid.Storage;
using Grid.Tests.Deployment;
using Grid.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Xunit;

namespace Grid.Tests.Cluster;

/// <summary>
/// A silo's dataset cache over Azurite, fed by <c>grid data upload</c>: a re-upload of other content refreshes the cached
/// copy (its manifest's version changed), one of the same content does not; the cache stays under its cap by evicting
/// the least recently used dataset; a dataset a job holds is never evicted.
/// </summary>
[Trait("Category", "Cluster")]
public sealed class DatasetCacheVersionTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("grid-dataset-versions-").FullName;
    private readonly IConfiguration _configuration = SiloConfigurationTests.Configuration(
        ("Cluster:Mode", "azure"),
        ("Storage:ConnectionString", azurite.ConnectionString),
        ("Storage:DatasetContainer", "datasets-" + Guid.NewGuid().ToString("N")[..12]));

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private IBlobStore Datasets => GridStores.Open(Grid.Configuration.GridSettings.Load(_configuration)).Datasets;

    private DatasetCache Cache(long capacityBytes = long.MaxValue) => new(Datasets, Path.Combine(_root, "cache"), capacityBytes);

    /// <summary>Uploads a folder holding <paramref name="files"/> as dataset <paramref name="name"/>.</summary>
    private async Task UploadAsync(string name, params (string Path, byte[] Content)[] files)
    {
        var folder = Directory.CreateDirectory(Path.Combine(_root, "upload", Guid.NewGuid().ToString("N")));
        foreach (var (path, content) in files)
        {
            var target = Path.Combine(folder.FullName, path);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            await File.WriteAllBytesAsync(target, content);
        }
        Assert.Equal(files.Length, await DataUploadCommand.UploadAsync(_configuration, folder, name, CancellationToken.None));
    }

    [Fact]
    public async Task AReUploadOfOtherContentRefreshesTheCachedCopyOnceNoJobHoldsTheOldOne()
    {
        await UploadAsync("tiny", ("audio/fold1/a.wav", [1, 2, 3]));
        var cache = Cache();
        var first = cache.Hold("blob:tiny", CancellationToken.None);
        Assert.Equal([1, 2, 3], await File.ReadAllBytesAsync(Path.Combine(first.Root, "audio", "fold1", "a.wav")));

        await UploadAsync("tiny", ("audio/fold1/a.wav", [9]), ("audio/fold1/b.wav", [7]));
        string second;
        using (var refreshed = cache.Hold("blob:tiny", CancellationToken.None))
        {
            second = refreshed.Root;
            Assert.NotEqual(first.Root, second);
            Assert.Equal([9], await File.ReadAllBytesAsync(Path.Combine(second, "audio", "fold1", "a.wav")));
            Assert.Equal([7], await File.ReadAllBytesAsync(Path.Combine(second, "audio", "fold1", "b.wav")));
            // A job still runs on the old copy: it stays, whole.
            Assert.Equal([1, 2, 3], await File.ReadAllBytesAsync(Path.Combine(first.Root, "audio", "fold1", "a.wav")));
        }

        first.Dispose();
        Assert.Equal(second, cache.Resolve("blob:tiny", CancellationToken.None));
        Assert.False(Directory.Exists(first.Root), "the stale copy is evicted once no job holds it");

        // The same content again is the same version: nothing is downloaded again.
        await File.WriteAllBytesAsync(Path.Combine(second, "marker"), [1]);
        await UploadAsync("tiny", ("audio/fold1/b.wav", [7]), ("audio/fold1/a.wav", [9]));
        Assert.Equal(second, cache.Resolve("blob:tiny", CancellationToken.None));
        Assert.True(File.Exists(Path.Combine(second, "marker")));
    }

    [Fact]
    public async Task TheCacheStaysUnderItsCapEvictingTheLeastRecentlyUsedDatasetNoJobHolds()
    {
        var kilobyte = new byte[1000];
        foreach (var name in new[] { "alpha", "beta", "gamma" })
            await UploadAsync(name, ("clips/x.wav", kilobyte));
        var cache = Cache(capacityBytes: 2500);

        var alpha = cache.Hold("blob:alpha", CancellationToken.None);
        var beta = cache.Resolve("blob:beta", CancellationToken.None);
        var gamma = cache.Resolve("blob:gamma", CancellationToken.None);

        // Three datasets do not fit: alpha is the least recently used, but a job holds it, so beta goes.
        Assert.True(Directory.Exists(alpha.Root));
        Assert.False(Directory.Exists(beta));
        Assert.True(Directory.Exists(gamma));

        alpha.Dispose();
        Assert.Equal(beta, cache.Resolve("blob:beta", CancellationToken.None));
        Assert.False(Directory.Exists(alpha.Root), "once released, alpha is the least recently used");
        Assert.True(Directory.Exists(gamma));
        Assert.Equal(kilobyte, await File.ReadAllBytesAsync(Path.Combine(beta, "clips", "x.wav")));
        Assert.True(new DirectoryInfo(Path.Combine(_root, "cache", "datasets")).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length) <= 2500);
    }
}
