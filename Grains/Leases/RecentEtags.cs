namespace Grid.Grains;

/// <summary>The last <paramref name="capacity"/> distinct ETags added, oldest forgotten first: bounded however long an activation lives.</summary>
public sealed class RecentEtags(int capacity)
{
    private readonly HashSet<string> _set = new(StringComparer.Ordinal);
    private readonly Queue<string> _order = new();

    public int Count => _set.Count;

    /// <summary>Remembers <paramref name="etag"/> (null: nothing stored yet, nothing to remember).</summary>
    public void Add(string? etag)
    {
        if (etag is null || !_set.Add(etag)) return;
        _order.Enqueue(etag);
        if (_order.Count > capacity) _set.Remove(_order.Dequeue());
    }

    public bool Contains(string etag) => _set.Contains(etag);
}
