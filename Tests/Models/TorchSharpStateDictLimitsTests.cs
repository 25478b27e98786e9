using System.Text;
using Grid.Learning.Checkpoints;
using Grid.Tests.Infrastructure;
using Xunit;
using static TorchSharp.torch;

namespace Grid.Tests.Models;

/// <summary>
/// TorchSharp's own weights format declares each tensor's dtype, rank and dimensions before its bytes, and its loader
/// allocates at those sizes: a weights file must back them with bytes before anything is allocated.
/// </summary>
[Trait("Category", "Unit")]
public sealed class TorchSharpStateDictLimitsTests
{
    private static void Leb128(BinaryWriter writer, ulong value)
    {
        do
        {
            var low = (byte)(value & 0x7F);
            value >>= 7;
            writer.Write(value == 0 ? low : (byte)(low | 0x80));
        } while (value != 0);
    }

    /// <summary>One float32 tensor "w" of <paramref name="rank"/> dimensions, then <paramref name="dataBytes"/> bytes.</summary>
    private static byte[] Weights(ulong rank, ulong[] dimensions, int dataBytes)
    {
        var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            Leb128(writer, 1);
            writer.Write("w");
            Leb128(writer, (ulong)ScalarType.Float32);
            Leb128(writer, rank);
            foreach (var dimension in dimensions) Leb128(writer, dimension);
            writer.Write(new byte[dataBytes]);
        }
        return stream.ToArray();
    }

    private static InvalidDataException Read(byte[] weights, out long allocated) =>
        Allocations.Throws<InvalidDataException>(() => WeightsFile.Read(new MemoryStream(weights), "w.dat"), out allocated);

    [Fact]
    public void ARankTheFileCannotHoldIsRefusedBeforeTheDimensionsAreAllocated()
    {
        var error = Read(Weights(0x7FFF_FFC0, [], 0), out var allocated);

        Assert.True(allocated < 16 << 20, $"allocated {allocated:N0} bytes");
        Assert.Equal("w.dat: not a readable TorchSharp state dict (entry 1 of 1: tensor 'w' declares 2,147,483,584 dimensions, more than the 0 bytes left)",
            error.Message);
    }

    [Theory]
    [InlineData(new ulong[] { 1_000_000, 1_000_000 }, "4,000,000,000,000")]
    [InlineData(new ulong[] { 1UL << 62, 8 }, "more than 2^64")]
    [InlineData(new ulong[] { 475_000_000 }, "1,900,000,000")]
    public void AShapeLargerThanTheBytesLeftIsRefusedInOneLine(ulong[] shape, string needs)
    {
        var error = Read(Weights((ulong)shape.Length, shape, 4), out var allocated);

        Assert.True(allocated < 16 << 20, $"allocated {allocated:N0} bytes");
        Assert.Equal($"w.dat: not a readable TorchSharp state dict (entry 1 of 1: tensor 'w' needs {needs} bytes, but only 4 are left)", error.Message);
    }

    [Fact]
    public void EveryDtypeAndAnEmptyTensorStillRoundTrip()
    {
        using var scope = NewDisposeScope();
        var state = new Dictionary<string, Tensor>
        {
            ["f32"] = arange(6f).reshape(2, 3), ["f64"] = ones(2, dtype: ScalarType.Float64), ["i64"] = tensor(3L),
            ["bool"] = tensor(new[] { true, false }), ["u8"] = ones(3, dtype: ScalarType.Byte), ["f16"] = ones(2, dtype: ScalarType.Float16),
            ["empty"] = zeros(0, 5),
        };
        var stream = new MemoryStream();
        WeightsFile.Write(stream, state, WeightsFormat.TorchSharp);
        stream.Position = 0;

        var read = WeightsFile.Read(stream, "memory");

        Assert.Equal(state.Keys.Order(), read.Keys.Order());
        foreach (var (name, tensor) in state)
        {
            Assert.Equal(tensor.dtype, read[name].dtype);
            Assert.Equal(tensor.shape, read[name].shape);
            Assert.True(tensor.equal(read[name]).all().item<bool>(), name);
        }
    }
}
