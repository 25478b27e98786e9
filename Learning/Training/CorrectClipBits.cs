using System.Buffers.Binary;
using System.Numerics;

namespace Grid.Learning.Training;

/// <summary>
/// Which validation clips an epoch's model classified right, packed: the clip count (4 bytes, little-endian), then one
/// bit a clip (1 = right) with the clips in ordinal order of their id, clip i at bit i % 8 of byte 4 + i / 8. Two trials'
/// marks on one fold pair up clip by clip whatever order each loaded the clips in; the paired stopping rule's
/// first-fold look compares them (McNemar's test).
/// </summary>
public static class CorrectClipBits
{
    private const int Header = sizeof(int);

    public static byte[] Of(IReadOnlyList<string> clipIds, IReadOnlyList<int> labels, IReadOnlyList<int> predicted)
    {
        if (labels.Count != clipIds.Count || predicted.Count != clipIds.Count)
            throw new ArgumentException($"{clipIds.Count} clips, {labels.Count} labels and {predicted.Count} predictions");
        var order = Enumerable.Range(0, clipIds.Count).OrderBy(i => clipIds[i], StringComparer.Ordinal);
        return FromFlags(order.Select(i => labels[i] == predicted[i]).ToArray());
    }

    /// <summary>Marks in the order given (already the clips' order).</summary>
    public static byte[] FromFlags(IReadOnlyList<bool> right)
    {
        var bits = new byte[Header + (right.Count + 7) / 8];
        BinaryPrimitives.WriteInt32LittleEndian(bits, right.Count);
        for (var i = 0; i < right.Count; i++)
            if (right[i]) bits[Header + i / 8] |= (byte)(1 << (i % 8));
        return bits;
    }

    /// <summary>The number of clips marked.</summary>
    public static int Count(byte[] bits) =>
        bits.Length >= Header ? BinaryPrimitives.ReadInt32LittleEndian(bits) : throw new ArgumentException("not clip marks: shorter than their header");

    /// <summary>Clips right in <paramref name="first"/> only and in <paramref name="second"/> only (the discordant pairs).</summary>
    public static (int OnlyFirst, int OnlySecond) Discordant(byte[] first, byte[] second)
    {
        if (Count(first) != Count(second) || first.Length != second.Length)
            throw new ArgumentException($"marks of {Count(first)} and {Count(second)} clips do not pair up");
        var (onlyFirst, onlySecond) = (0, 0);
        for (var i = Header; i < first.Length; i++)
        {
            onlyFirst += BitOperations.PopCount((uint)(first[i] & ~second[i] & 0xFF));
            onlySecond += BitOperations.PopCount((uint)(second[i] & ~first[i] & 0xFF));
        }
        return (onlyFirst, onlySecond);
    }
}
