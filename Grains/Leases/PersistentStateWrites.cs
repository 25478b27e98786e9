using System.Runtime.CompilerServices;
using Orleans.Runtime;
using Orleans.Storage;

namespace Grid.Grains;

/// <summary>Writing a grain's state so that memory never runs ahead of storage, and a stale activation never overwrites it.</summary>
public static class PersistentStateWrites
{
    /// <summary>The ETags each activation's state has read or written (its own history in storage).</summary>
    private static readonly ConditionalWeakTable<object, HashSet<string>> Seen = new();

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
        var seen = Seen.GetValue(state, _ => new HashSet<string>(StringComparer.Ordinal));
        Remember(seen, state.Etag);
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
                Remember(seen, state.Etag);
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
    private static async Task<InconsistentStateException?> WriteAsync<T>(IPersistentState<T> state, HashSet<string> seen, IGrainBase grain)
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
                Remember(seen, stored);
                return new InconsistentStateException(
                    $"{grain.GrainContext.GrainId}: another activation wrote this grain's state since this one read it; this one's change is dropped", error);
            }
            state.State = intended;
            await state.WriteStateAsync();
        }
        Remember(seen, state.Etag);
        return null;
    }

    private static void Remember(HashSet<string> seen, string? etag)
    {
        if (etag is not null) seen.Add(etag);
    }

    private static bool IsConflict(Exception? error)
    {
        for (; error is not null; error = error.InnerException)
            if (error is InconsistentStateException) return true;
        return false;
    }
}
