using System.Buffers.Binary;
using System.Text;
using Grid.Learning.Checkpoints;
using Grid.Tests.Infrastructure;
using Xunit;
using static TorchSharp.torch;

namespace Grid.Tests.Models;

/// <summary>
/// A safetensors file (a checkpoint's state dict entry, or a weights file) declares its header length, and each tensor's
/// shape and byte range: all are checked against the file's own length before anything is allocated at those sizes.
/// </summary>
[Trait("Category", "Unit")]
public sealed class SafetensorsLimitsTests : IDisposable
{
    private readonly TempDirectory temp = new();

    public void Dispose() => temp.Dispose();

    private static byte[] File(ulong headerLength, string header, int dataBytes)
    {
        var json = Encoding.UTF8.GetBytes(header);
        var bytes = new byte[8 + json.Length + dataBytes];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, headerLength);
        json.CopyTo(bytes, 8);
        return bytes;
    }

    private static byte[] File(string header, int dataBytes) => File((ulong)Encoding.UTF8.GetByteCount(header), header, dataBytes);

    private static InvalidDataException ReadEntry(byte[] bytes, out long allocated) =>
        Allocations.Throws<InvalidDataException>(() => StateDictCodec.Read(new MemoryStream(bytes), "ckpt: entry 'encoder'"), out allocated);

    [Theory]
    [InlineData(0x7F00_0000UL, "2,130,706,432")]
    [InlineData(0x7FFF_FFF0UL, "2,147,483,632")]
    [InlineData(ulong.MaxValue, "18,446,744,073,709,551,615")]
    public void AHeaderLongerThanTheEntryIsRefusedWithoutAllocatingIt(ulong headerLength, string declared)
    {
        var error = ReadEntry(File(headerLength, "{}", 0), out var allocated);

        Assert.True(allocated < 16 << 20, $"allocated {allocated:N0} bytes");
        Assert.Equal($"ckpt: entry 'encoder': safetensors header declares {declared} bytes, but only 2 follow", error.Message);
    }

    [Fact]
    public void ATensorWhoseBytesLiePastTheDataIsRefusedWithoutAllocatingThem()
    {
        var error = ReadEntry(File("""{"w":{"dtype":"F32","shape":[475000000],"data_offsets":[0,1900000000]}}""", 4), out var allocated);

        Assert.True(allocated < 16 << 20, $"allocated {allocated:N0} bytes");
        Assert.Equal("ckpt: entry 'encoder': tensor 'w': data_offsets [0, 1900000000] lie outside the 4 bytes of data", error.Message);
    }

    [Theory]
    [InlineData("[1000000,1000000]", "needs 4,000,000,000,000 bytes")]
    [InlineData("[4611686018427387904,4]", "needs more bytes than a long holds")]
    public void AShapeLargerThanItsByteRangeIsRefusedBeforeATensorIsMade(string shape, string needs)
    {
        var error = ReadEntry(File($$$"""{"w":{"dtype":"F32","shape":{{{shape}}},"data_offsets":[0,4]}}""", 4), out _);

        Assert.Equal($"ckpt: entry 'encoder': tensor 'w': shape {shape.Replace(",", ", ")} of F32 {needs}, but data_offsets span 4", error.Message);
    }

    [Fact]
    public void AWeightsFileIsCheckedTheSameWay()
    {
        var path = temp.File("w.safetensors");
        System.IO.File.WriteAllBytes(path, File("""{"w":{"dtype":"F32","shape":[475000000],"data_offsets":[0,1900000000]}}""", 4));
        var before = GC.GetAllocatedBytesForCurrentThread();

        var error = Assert.Throws<InvalidDataException>(() => WeightsFile.Read(path));

        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 16 << 20);
        Assert.Equal($"{path}: tensor 'w': data_offsets [0, 1900000000] lie outside the 4 bytes of data", error.Message);
    }

    [Fact]
    public void WrittenStateDictsPassTheCheckAndReadBack()
    {
        using var scope = NewDisposeScope();
        var stream = new MemoryStream();
        StateDictCodec.Write(stream, new Dictionary<string, Tensor> { ["a"] = arange(6f).reshape(2, 3), ["b"] = ones(0), ["c"] = tensor(3L) });
        stream.Position = 0;

        var state = StateDictCodec.Read(stream, "memory");

        Assert.Equal([0f, 1f, 2f, 3f, 4f, 5f], state["a"].data<float>().ToArray());
        Assert.Equal([0L], state["b"].shape);
        Assert.Equal(3L, state["c"].item<long>());
    }
}
