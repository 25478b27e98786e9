using Grid.Grains.Specs;
using Grid.Silo.Storage;
using Grid.Storage;
using Grid.Tests.Cluster;
using Xunit;

namespace Grid.Tests.Specs;

/// <summary>Dataset names, blob names and cache paths cannot leave their folder, compared with the separator.</summary>
[Trait("Category", "Unit")]
public sealed class PathContainmentTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("grid-contain-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Theory]
    [InlineData("us8k", true)]
    [InlineData("my-upload_2", true)]
    [InlineData("..", false)]
    [InlineData(".hidden", false)]
    [InlineData("-x", false)]
    [InlineData("a/b", false)]
    [InlineData("/etc", false)]
    [InlineData("", false)]
    [InlineData("a.b", false)]
    public void DatasetNamesAreOnePathSegment(string name, bool valid) => Assert.Equal(valid, DatasetNames.IsValid(name));

    [Fact]
    public async Task ADirectoryStoreRefusesASiblingFolderThatSharesItsPrefix()
    {
        var store = new DirectoryBlobStore(Path.Combine(_root, "blobs"));
        Directory.CreateDirectory(Path.Combine(_root, "blobs-other"));
        await File.WriteAllTextAsync(Path.Combine(_root, "blobs-other", "secret"), "x");

        Assert.Throws<ArgumentException>(() => store.OpenReadAsync("../blobs-other/secret", default).GetAwaiter().GetResult());
        Assert.Throws<ArgumentException>(() => store.OpenReadAsync("/etc/hostname", default).GetAwaiter().GetResult());
        await store.WriteAsync("inside/x", new MemoryStream([1]), default);
        Assert.True(File.Exists(Path.Combine(_root, "blobs", "inside", "x")));
    }

    [Theory]
    [InlineData("blob:..")]
    [InlineData("blob:/abs")]
    [InlineData("blob:../grid-artifacts")]
    public void TheDatasetCacheAndTheSpecRefuseANameThatLeaves(string location)
    {
        var cache = new DatasetCache(new DirectoryBlobStore(Path.Combine(_root, "blobs")), Path.Combine(_root, "cache"));
        Assert.Throws<ArgumentException>(() => cache.Resolve(location, default));
        var error = Assert.Throws<SpecException>(() => SweepPlanner.Plan("exp", SpecSamples.Tiny(location: location)));
        Assert.Equal("dataset.location", error.Field);
    }

    [Fact]
    public void PathsAreComparedWithTheSeparator()
    {
        Assert.True(PathContainment.IsInside("/data/x", "/data/x/clip.wav"));
        Assert.False(PathContainment.IsInside("/data/x", "/data/x-other/clip.wav"));
        Assert.False(PathContainment.IsInside("/data/x", "/data/x"));
        Assert.Contains("leaves", Assert.Throws<ArgumentException>(() => PathContainment.Under("/data/x", "../x-other/a", "blob")).Message);
    }
}
