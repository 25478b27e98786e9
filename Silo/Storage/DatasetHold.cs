namespace Grid.Silo.Storage;

/// <summary>
/// A job's hold on a dataset folder of the <see cref="DatasetCache"/>: while it is held no silo evicts it (a shared
/// lock on the folder's lock file, which eviction must take exclusively). Dispose it when the job ends.
/// </summary>
public sealed class DatasetHold : IDisposable
{
    private readonly FileStream? _lock;

    private DatasetHold(string root, FileStream? fileLock)
    {
        Root = root;
        _lock = fileLock;
    }

    /// <summary>The dataset's local folder.</summary>
    public string Root { get; }

    /// <summary>A folder the cache does not manage (a local dataset path): nothing to hold.</summary>
    public static DatasetHold Unmanaged(string root) => new(root, null);

    /// <summary>Holds <paramref name="folder"/>, or returns null when an eviction holds its lock file right now.</summary>
    public static DatasetHold? TryTake(string folder)
    {
        try
        {
            return new DatasetHold(folder, new FileStream(LockFile(folder), FileMode.OpenOrCreate, FileAccess.Read, FileShare.Read));
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>
    /// Takes <paramref name="folder"/>'s lock exclusively (no job holds it) and returns the lock to dispose after
    /// deleting the folder, or null when a job holds it.
    /// </summary>
    public static FileStream? TryTakeForEviction(string folder)
    {
        try
        {
            return new FileStream(LockFile(folder), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            return null;
        }
    }

    public static string LockFile(string folder) => folder + ".lock";

    public void Dispose() => _lock?.Dispose();
}
