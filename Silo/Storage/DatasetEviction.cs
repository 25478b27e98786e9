namespace Grid.Silo.Storage;

/// <summary>
/// Keeps the dataset folders of a cache under a size cap: the least recently used folder that no job holds goes first
/// (a folder's last use is its modification time, which <see cref="DatasetCache"/> sets on every hold, so the order
/// survives restarts). A folder a job holds is never evicted, even when that leaves the cache over its cap.
/// </summary>
public sealed class DatasetEviction(string datasetsDirectory, long capacityBytes)
{
    private readonly Dictionary<string, long> _sizes = [];

    public long CapacityBytes => capacityBytes;

    /// <summary>Complete dataset folders (not downloads in progress) with their size and last use, least recent first.</summary>
    public IReadOnlyList<(string Folder, long Bytes, DateTime LastUsed)> Folders()
    {
        if (!Directory.Exists(datasetsDirectory)) return [];
        return Directory.EnumerateDirectories(datasetsDirectory)
            .Where(folder => !folder.EndsWith(".partial", StringComparison.Ordinal))
            .Select(folder => (folder, Size(folder), Directory.GetLastWriteTimeUtc(folder)))
            .OrderBy(entry => entry.Item3)
            .ThenBy(entry => entry.folder, StringComparer.Ordinal)
            .ToArray();
    }

    /// <summary>
    /// Evicts, first the folders in <paramref name="stale"/> (older versions of a dataset just refreshed), then least
    /// recently used ones, until <paramref name="incomingBytes"/> more fit under the cap. Never touches
    /// <paramref name="keep"/> or a held folder. Returns the folders evicted.
    /// </summary>
    public IReadOnlyList<string> MakeRoom(long incomingBytes, string? keep, IReadOnlyCollection<string> stale)
    {
        var folders = Folders();
        var total = folders.Sum(entry => entry.Bytes);
        var evicted = new List<string>();
        var order = folders.Where(entry => stale.Contains(entry.Folder)).Concat(folders.Where(entry => !stale.Contains(entry.Folder)));
        foreach (var (folder, bytes, _) in order)
        {
            var isStale = stale.Contains(folder);
            if (!isStale && total + incomingBytes <= capacityBytes) break;
            if (folder == keep || !TryEvict(folder)) continue;
            total -= bytes;
            evicted.Add(folder);
        }
        return evicted;
    }

    private bool TryEvict(string folder)
    {
        using var exclusive = DatasetHold.TryTakeForEviction(folder);
        if (exclusive is null) return false;
        // Renamed first, so that no reader ever sees a half-deleted folder as a complete copy.
        var doomed = $"{folder}.{Environment.ProcessId}.evicted.partial";
        Directory.Move(folder, doomed);
        Directory.Delete(doomed, recursive: true);
        File.Delete(DatasetHold.LockFile(folder));
        _sizes.Remove(folder);
        return true;
    }

    private long Size(string folder)
    {
        if (!_sizes.TryGetValue(folder, out var bytes))
            _sizes[folder] = bytes = new DirectoryInfo(folder).EnumerateFiles("*", SearchOption.AllDirectories).Sum(file => file.Length);
        return bytes;
    }
}
