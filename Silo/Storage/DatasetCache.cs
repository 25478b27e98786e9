using Grid.Storage;

namespace Grid.Silo.Storage;

/// <summary>
/// Turns a spec's dataset location into a local folder: a path is used as it is; <c>blob:NAME</c>
/// (uploaded with <c>grid data upload</c>) is downloaded once into the cache and reused while its version (the
/// dataset's <see cref="DatasetManifest"/>) stays the same; a new upload is downloaded again into a folder of its own
/// and the older copy evicted once no job holds it. The cache keeps its datasets under <c>capacityBytes</c>
/// (<see cref="DatasetEviction"/>: least recently used first, never a folder a job holds). A dataset uploaded before
/// manifests were written has no version: its copy is kept as it is.
/// </summary>
public sealed class DatasetCache(IBlobStore datasets, string cacheDirectory, long capacityBytes = long.MaxValue)
{
    public const string BlobScheme = DatasetNames.BlobScheme;
    private static readonly SemaphoreSlim DownloadLock = new(1, 1);
    private readonly string _datasetsDirectory = Path.Combine(cacheDirectory, "datasets");
    private readonly DatasetEviction _eviction = new(Path.Combine(cacheDirectory, "datasets"), capacityBytes);

    /// <summary>The dataset's local folder, downloading it when needed; it is not held (see <see cref="Hold"/>).</summary>
    public string Resolve(string location, CancellationToken cancellationToken)
    {
        using var hold = Hold(location, cancellationToken);
        return hold.Root;
    }

    /// <summary>The dataset's local folder, downloaded when missing or stale, held against eviction until disposed.</summary>
    public DatasetHold Hold(string location, CancellationToken cancellationToken)
    {
        if (!location.StartsWith(BlobScheme, StringComparison.Ordinal))
        {
            if (!Directory.Exists(location)) throw new DirectoryNotFoundException($"dataset folder {location} does not exist on this silo");
            return DatasetHold.Unmanaged(location);
        }

        var name = location[BlobScheme.Length..];
        if (DatasetNames.Problem(name) is { } problem) throw new ArgumentException($"dataset location {location}: {problem}");
        var manifest = DatasetManifest.ReadAsync(datasets, name, cancellationToken).GetAwaiter().GetResult();
        var folder = PathContainment.Under(_datasetsDirectory, manifest is null ? name : $"{name}@{manifest.Version}", "dataset");
        DownloadLock.Wait(cancellationToken);
        try
        {
            var hold = TakeHold(folder, cancellationToken);
            try
            {
                if (!Directory.Exists(folder)) Download(name, manifest, folder, cancellationToken);
                Directory.SetLastWriteTimeUtc(folder, DateTime.UtcNow);
                _eviction.MakeRoom(0, keep: folder, stale: OtherCopies(name, folder));
                return hold;
            }
            catch
            {
                hold.Dispose();
                throw;
            }
        }
        finally
        {
            DownloadLock.Release();
        }
    }

    /// <summary>The folder's hold; an eviction on another silo sharing this cache may hold its lock for a moment.</summary>
    private static DatasetHold TakeHold(string folder, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(folder)!);
        for (var attempt = 0; ; attempt++)
        {
            if (DatasetHold.TryTake(folder) is { } hold) return hold;
            if (attempt == 100) throw new IOException($"dataset folder {folder} stays locked by an eviction");
            Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken).GetAwaiter().GetResult();
        }
    }

    /// <summary>Cached copies of dataset <paramref name="name"/> other than <paramref name="current"/>: older versions.</summary>
    private IReadOnlyCollection<string> OtherCopies(string name, string current) =>
        _eviction.Folders().Select(entry => entry.Folder)
            .Where(folder => folder != current && Path.GetFileName(folder) is var leaf && (leaf == name || leaf.StartsWith(name + "@", StringComparison.Ordinal)))
            .ToHashSet();

    private void Download(string name, DatasetManifest? manifest, string folder, CancellationToken cancellationToken)
    {
        var blobs = manifest is null
            ? datasets.ListAsync(name + "/", cancellationToken).GetAwaiter().GetResult()
            : manifest.Files.Select(file => $"{name}/{file.Path}").ToArray();
        if (blobs.Count == 0) throw new FileNotFoundException($"dataset {name} has no files in {datasets.Address} (upload it with: grid data upload DIR --name {name})");
        _eviction.MakeRoom(manifest?.Bytes ?? 0, keep: null, stale: OtherCopies(name, folder));
        // Another silo sharing this cache may download at the same time: the first complete copy wins.
        var partial = $"{folder}.{Environment.ProcessId}.partial";
        foreach (var blob in blobs)
        {
            var target = PathContainment.Under(partial, blob[(name.Length + 1)..], "dataset blob");
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            using var source = datasets.OpenReadAsync(blob, cancellationToken).GetAwaiter().GetResult();
            using var file = File.Create(target);
            source.CopyTo(file);
        }
        try
        {
            Directory.Move(partial, folder);
        }
        catch (IOException) when (Directory.Exists(folder))
        {
            Directory.Delete(partial, recursive: true);
        }
    }

    /// <summary>Downloads a blob (a pretraining checkpoint) into the cache once and returns its path.</summary>
    public string Fetch(IBlobStore store, string blob, CancellationToken cancellationToken)
    {
        var path = PathContainment.Under(Path.Combine(cacheDirectory, "blobs"), blob, "blob");
        if (File.Exists(path)) return path;
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var partial = path + $".{Environment.ProcessId}.{Environment.CurrentManagedThreadId}.partial";
        using (var source = store.OpenReadAsync(blob, cancellationToken).GetAwaiter().GetResult())
        using (var file = File.Create(partial))
            source.CopyTo(file);
        File.Move(partial, path, overwrite: true);
        return path;
    }
}
