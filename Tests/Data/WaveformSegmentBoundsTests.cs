using System.Security.Cryptography;
using System.Text;
using Grid.Learning.Data;
using Xunit;

namespace Grid.Tests.Data;

/// <summary>
/// A segment index carries a plain SHA-256, so anyone who can write to the cache can also write an index whose checksum
/// holds: its entry count and offsets must be checked against the file's own bytes before they size or address anything.
/// </summary>
[Trait("Category", "Unit")]
public sealed class WaveformSegmentBoundsTests
{
    private const int Rate = 16000;

    /// <summary>Writes segment 1: a data file of <paramref name="dataBytes"/> bytes and an index declaring <paramref name="count"/> entries, with a valid checksum.</summary>
    private static string Write(TempFolder folder, long dataBytes, int count, params (long Offset, int Length)[] entries)
    {
        var directory = folder.PathOf("store");
        Directory.CreateDirectory(directory);
        File.WriteAllBytes(WaveformSegment.DataFile(directory, 1), new byte[dataBytes]);
        var body = new MemoryStream();
        using (var writer = new BinaryWriter(body, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write("GWS1"u8);
            writer.Write(WaveformSegment.FormatVersion);
            writer.Write(Rate);
            writer.Write(dataBytes);
            writer.Write(count);
            foreach (var (offset, length) in entries)
            {
                writer.Write(folder.PathOf("a.wav"));
                writer.Write(1L);
                writer.Write(1L);
                writer.Write(new byte[32]);
                writer.Write(offset);
                writer.Write(length);
                writer.Write("");
            }
        }
        var bytes = body.ToArray();
        File.WriteAllBytes(WaveformSegment.IndexPath(directory, 1), [.. bytes, .. SHA256.HashData(bytes)]);
        return directory;
    }

    [Theory]
    [InlineData(int.MaxValue)]
    [InlineData(-1)]
    public void AnEntryCountTheIndexCannotHoldIsRefusedBeforeAnythingIsAllocated(int count)
    {
        using var folder = new TempFolder();
        var directory = Write(folder, 4, count, (0, 1));
        var before = GC.GetAllocatedBytesForCurrentThread();

        Assert.Null(WaveformSegment.TryOpen(directory, 1, Rate));

        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1 << 20);
    }

    [Fact]
    public void AnOffsetWhoseByteAddressOverflowsIsRefusedNotWrappedToTheStartOfTheData()
    {
        using var folder = new TempFolder();
        // (2^61 + 1) · 4 wraps to a negative long, which is never above the data's length.
        var directory = Write(folder, 4, 1, ((1L << 61), 1));

        Assert.Null(WaveformSegment.TryOpen(directory, 1, Rate));
    }

    [Fact]
    public void AnEntryEndingExactlyAtTheEndOfTheDataIsKept()
    {
        using var folder = new TempFolder();
        var directory = Write(folder, 8, 1, (1, 1));

        using var segment = WaveformSegment.TryOpen(directory, 1, Rate);

        Assert.NotNull(segment);
        Assert.Equal([0f], segment.Read(Assert.Single(segment.Entries)));
    }
}
