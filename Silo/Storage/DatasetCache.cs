using Grid.Storage;

namespace Grid.Silo.Storage;

/// <summary>
/// Turns a spec's dataset location into a local folder: a path is used as it is; <c>blob:NAME</c>
/// (uploaded with <c>grid data upload</c>) is downloaded once into the cache and reused.
/// </summary>
public sealed class DatasetCache(IBlobStore datasets, string cacheDirectory)
{
    public const string BlobScheme = DatasetNames.BlobScheme;
    private static readonly SemaphoreSlim DownloadLock = new(1, 1);

    public string Resolve(string location, CancellationToken cancellationToken)
    {
        if (!location.StartsWith(BlobScheme, StringComparison.Ordinal))
        {
            if (!Directory.Exists(location)) throw new DirectoryNotFoundException($"dataset folder {location} does not exist on this silo");
            return location;
        }

        var name = location[BlobScheme.Length..];
        if (DatasetNames.Problem(name) is { } problem) throw new ArgumentException($"dataset location {location}: {problem}");
        var folder = PathContainment.Under(Path.Combine(cacheDirectory, "datasets"), name, "dataset");
        DownloadLock.Wait(cancellationToken);
        try
        {
            if (Directory.Exists(folder)) return folder;
            var blobs = datasets.ListAsync(name + "/", cancellationToken).GetAwaiter().GetResult();
            if (blobs.Count == 0) throw new FileNotFoundException($"dataset {name} has no files in {datasets.Address} (upload it with: grid data upload DIR --name {name})");
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
            return folder;
        }
        finally
        {
            DownloadLock.Release();
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
