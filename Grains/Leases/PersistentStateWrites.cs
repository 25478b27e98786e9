using Orleans.Runtime;
using Orleans.Storage;

namespace Grid.Grains;

/// <summary>Writing a grain's state so that memory never runs ahead of storage.</summary>
public static class PersistentStateWrites
{
    /// <summary>
    /// Writes the state. An ETag conflict (412/409) means that storage lost writes this single activation made (a storage
    /// process that crashed and came back without its last seconds): the grain's memory holds everything it acknowledged,
    /// so it takes the stored ETag and writes its state once more. When a write still fails, the grain reloads what
    /// storage holds (so that the changes made in memory before the write are dropped) and the error goes to the caller.
    /// Should the reload fail too, the activation is dropped, and the next call reads storage afresh.
    /// </summary>
    public static async Task WriteOrReloadAsync<T>(this IPersistentState<T> state, IGrainBase grain)
    {
        try
        {
            try
            {
                await state.WriteStateAsync();
            }
            catch (Exception error) when (IsConflict(error))
            {
                var intended = state.State;
                await state.ReadStateAsync();
                state.State = intended;
                await state.WriteStateAsync();
            }
        }
        catch
        {
            try
            {
                await state.ReadStateAsync();
            }
            catch
            {
                grain.DeactivateOnIdle();
            }
            throw;
        }
    }

    private static bool IsConflict(Exception? error)
    {
        for (; error is not null; error = error.InnerException)
            if (error is InconsistentStateException) return true;
        return false;
    }
}
