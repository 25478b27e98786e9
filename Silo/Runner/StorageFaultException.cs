using Azure;

namespace Grid.Silo.Runner;

/// <summary>
/// The artifact store failed a job's read or write (an <see cref="IOException"/> or a storage service error other than a
/// missing blob): not the job's fault, so the job is interrupted and re-queued rather than failed.
/// </summary>
public sealed class StorageFaultException(string message, Exception inner) : IOException(message, inner)
{
    /// <summary>Runs a store call, turning its storage errors into <see cref="StorageFaultException"/> naming <paramref name="blob"/>.</summary>
    public static async Task GuardAsync(string blob, Func<Task> call)
    {
        try
        {
            await call();
        }
        catch (Exception error) when (IsStoreError(error))
        {
            throw new StorageFaultException($"artifact store: {blob}: {error.Message}", error);
        }
    }

    public static async Task<T> GuardAsync<T>(string blob, Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (Exception error) when (IsStoreError(error))
        {
            throw new StorageFaultException($"artifact store: {blob}: {error.Message}", error);
        }
    }

    /// <summary>A missing blob is an answer, not a fault; everything else the store throws on I/O is a fault.</summary>
    private static bool IsStoreError(Exception error) =>
        error is not (FileNotFoundException or StorageFaultException) && error is IOException or RequestFailedException { Status: not 404 };
}
