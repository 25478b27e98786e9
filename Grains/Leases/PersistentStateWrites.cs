using System.Runtime.CompilerServices;
using Orleans.Runtime;
using Orleans.Storage;

namespace Grid.Grains;

/// <summary>Writing a grain's state so that memory never runs ahead of storage, and a stale activation never overwrites it.</summary>
public static class PersistentStateWrites
{
    /// <summary>
    /// How many of its latest ETags an activation remembers. Storage that lost more of this activation's writes than
    /// this is taken for another activation's write: the write fails and the grain reloads, the safe side.
    /// </summary>
    public const int RememberedEtags = 1024;

    /// <summary>The latest ETags each activation's state has read or written (its own recent history in storage).</summary>
    private static readonly ConditionalWeakTable<object, RecentEtags> Seen = new();

    /// <summary>
    /// Writes the state. An ETag conflict (412/409) has two causes, told apart by the ETag storage now holds. One this
    /// activation read or wrote before: storage lost its later writes (a storage process that crashed and came back
    /// without its last seconds), and the grain's memory holds everything it acknowledged, so it takes that ETag and
    /// writes its state once more. One it never saw: another activation of the grain wrote since (a silo cut off from the
    /// cluster still runs its activations until it learns it was declared dead), so this activation's state is stale: it
    /// takes what storage holds and the write fails. When a write fails, the grain reloads what storage holds (so that the
    /// changes made in memory before the write are dropped) and the error goes to the caller. Should the reload fail
    /// too, the activation is dropped, and the next call reads storage afresh.
    /// </summary>
    public static async Task WriteOrReloadAsync<T>(this IPersistentState<T> state, IGrainBase grain)
    {
        var seen = Seen.GetValue(state, _ => new RecentEtags(RememberedEtags));
        seen.Add(state.Etag);
        InconsistentStateException? stale;
        try
        {
            stale = await WriteAsync(state, seen, grain);
        }
        catch
        {
            try
            {
                await state.ReadStateAsync();
                seen.Add(state.Etag);
            }
            catch
            {
                grain.DeactivateOnIdle();
            }
            throw;
        }
        // Memory already holds what storage holds.
        if (stale is not null) throw stale;
    }

    /// <summary>Writes; on a conflict writes again over storage that lost writes, or returns the error of a stale activation.</summary>
    private static async Task<InconsistentStateException?> WriteAsync<T>(IPersistentState<T> state, RecentEtags seen, IGrainBase grain)
    {
        try
        {
            await state.WriteStateAsync();
        }
        catch (Exception error) when (IsConflict(error))
        {
            var intended = state.State;
            await state.ReadStateAsync();
            if (state.Etag is { } stored && !seen.Contains(stored))
            {
                seen.Add(stored);
                return new InconsistentStateException(
                    $"{grain.GrainContext.GrainId}: another activation wrote this grain's state since this one read it; this one's change is dropped", error);
            }
            state.State = intended;
            await state.WriteStateAsync();
        }
        seen.Add(state.Etag);
        return null;
    }

    private static bool IsConflict(Exception? error)
    {
        for (; error is not null; error = error.InnerException)
            if (error is InconsistentStateException) return true;
        return false;
    }
}
