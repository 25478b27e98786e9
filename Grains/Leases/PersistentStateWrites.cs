using Orleans.Runtime;

namespace Grid.Grains;

/// <summary>Writing a grain's state so that memory never runs ahead of storage.</summary>
public static class PersistentStateWrites
{
    /// <summary>
    /// Writes the state; when the write fails, the grain reloads what storage holds (so that the changes made in
    /// memory before the write are dropped) and the error goes to the caller. Should the reload fail too, the
    /// activation is dropped, and the next call reads storage afresh.
    /// </summary>
    public static async Task WriteOrReloadAsync<T>(this IPersistentState<T> state, IGrainBase grain)
    {
        try
        {
            await state.WriteStateAsync();
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
}
