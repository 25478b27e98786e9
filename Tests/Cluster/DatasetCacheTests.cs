using Grid.Silo.Storage;
using Grid.Storage;
using Xunit;

namespace Grid.Tests.Cluster;

[Trait("Category", "Unit")]
public sealed class DatasetCacheTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("grid-cache-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task AnUploadedDatasetIsDownloadedOnceIntoTheCache()
    {
        var store = new DirectoryBlobStore(Path.Combine(_root, "blobs"));
        await store.WriteAsync("tiny/metadata/list.csv", new MemoryStream("a,b\n"u8.ToArray()), default);
        await store.WriteAsync("tiny/audio/fold1/x.wav", new MemoryStream([1, 2, 3]), default);
        var cache = new DatasetCache(store, Path.Combine(_root, "cache"));

        var folder = cache.Resolve("blob:tiny", default);
        await store.WriteAsync("tiny/audio/fold1/late.wav", new MemoryStream([4]), default);
        var again = cache.Resolve("blob:tiny", default);

        Assert.Equal(folder, again);
        Assert.Equal([1, 2, 3], await File.ReadAllBytesAsync(Path.Combine(folder, "audio", "fold1", "x.wav")));
        Assert.False(File.Exists(Path.Combine(folder, "audio", "fold1", "late.wav")));
    }

    [Fact]
    public void MissingDatasetsAreNamed()
    {
        var cache = new DatasetCache(new DirectoryBlobStore(Path.Combine(_root, "blobs")), Path.Combine(_root, "cache"));

        Assert.Contains("dataset nowhere", Assert.Throws<FileNotFoundException>(() => cache.Resolve("blob:nowhere", default)).Message);
        Assert.Contains("/no/such/folder", Assert.Throws<DirectoryNotFoundException>(() => cache.Resolve("/no/such/folder", default)).Message);
        Assert.Equal(_root, cache.Resolve(_root, default));
    }
}
