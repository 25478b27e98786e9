namespace Grid.Silo.Runner;

/// <summary>
/// A runner's call to a grain (begin, epoch report, completion) failed: the grain could not be reached, activated or
/// store its state (a storage or ETag error, a silo that died). Never the job's fault, so it interrupts the job rather
/// than failing it; a grain that keeps failing exhausts <c>Scheduler:MaxInterruptions</c>.
/// </summary>
public sealed class GridCallException(string message, Exception inner) : Exception(message, inner)
{
    /// <summary>Waits for a grain call on the job's thread, turning its failure into <see cref="GridCallException"/>.</summary>
    public static T Wait<T>(string call, Func<Task<T>> grainCall)
    {
        try
        {
            return grainCall().GetAwaiter().GetResult();
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            throw new GridCallException($"{call}: {error.GetType().Name}: {error.Message}", error);
        }
    }

    public static void Wait(string call, Func<Task> grainCall) => Wait(call, async () =>
    {
        await grainCall();
        return true;
    });

    /// <summary>Awaits a grain call, turning its failure into <see cref="GridCallException"/>.</summary>
    public static async Task<T> CallAsync<T>(string call, Func<Task<T>> grainCall)
    {
        try
        {
            return await grainCall();
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            throw new GridCallException($"{call}: {error.GetType().Name}: {error.Message}", error);
        }
    }
}
