using System.Collections;

namespace Grid.Learning.Data;

/// <summary>
/// A list view of clips in a <see cref="WaveformStore"/>: each access reads that clip's samples from the mapped data
/// file into a new array, so no whole-corpus array is ever held. Callers that read a clip twice get two copies.
/// </summary>
public sealed class StoredWaveforms(IReadOnlyList<StoredWaveform> entries) : IReadOnlyList<float[]>
{
    public float[] this[int index] => entries[index].Read();

    public int Count => entries.Count;

    public IEnumerator<float[]> GetEnumerator()
    {
        foreach (var entry in entries) yield return entry.Read();
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
