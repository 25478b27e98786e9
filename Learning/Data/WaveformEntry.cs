namespace Grid.Learning.Data;

/// <summary>
/// One source file in a <see cref="WaveformStore"/> segment: the file's size and last-write time when it was decoded
/// (a later open that sees the same two trusts the entry without reading the file), the SHA-256 of its bytes (so a
/// file touched but unchanged is copied, not decoded again), and where its mono samples lie in the segment's data
/// file (<see cref="Offset"/> and <see cref="Length"/> in samples). A file that failed to decode has
/// <see cref="Length"/> -1 and its <see cref="Failure"/> reason.
/// </summary>
public sealed record WaveformEntry(string Path, long Size, long WriteTicks, byte[] ContentHash, long Offset, int Length, string Failure)
{
    public bool Failed => Length < 0;

    /// <summary>True when the file on disk still has the size and write time this entry was built from.</summary>
    public bool Matches(SourceFile source) => source.Size == Size && source.WriteTicks == WriteTicks;
}
