using System.Collections.Concurrent;
using Grid.Storage;

namespace Grid.Tests.Cluster;

/// <summary>A blob store that fails chosen writes with an <see cref="IOException"/>, as a storage service fault would, and passes the rest on.</summary>
public sealed class FaultyBlobStore(IBlobStore inner) : IBlobStore
{
    /// <summary>Writes to fail: a blob name's prefix and its suffix, with how many writes are left to fail.</summary>
    public static ConcurrentDictionary<(string Prefix, string Suffix), int> FailingWrites { get; } = new();

    public string Address => inner.Address;

    public async Task WriteAsync(string name, Stream content, CancellationToken cancellationToken)
    {
        foreach (var (prefix, suffix) in FailingWrites.Keys)
        {
            if (!name.StartsWith(prefix, StringComparison.Ordinal) || !name.EndsWith(suffix, StringComparison.Ordinal)) continue;
            while (FailingWrites.TryGetValue((prefix, suffix), out var left) && left > 0)
                if (FailingWrites.TryUpdate((prefix, suffix), left - 1, left))
                    throw new IOException($"injected storage fault writing {name}");
        }
        await inner.WriteAsync(name, content, cancellationToken);
    }

    public Task<Stream> OpenReadAsync(string name, CancellationToken cancellationToken) => inner.OpenReadAsync(name, cancellationToken);

    public Task<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken cancellationToken) => inner.ListAsync(prefix, cancellationToken);

    public Task DeleteAsync(string name, CancellationToken cancellationToken) => inner.DeleteAsync(name, cancellationToken);
}
