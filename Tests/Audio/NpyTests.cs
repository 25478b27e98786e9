using System.Text;
using Grid.Learning.IO;
using Grid.Tests.Infrastructure;
using Xunit;

namespace Grid.Tests.Audio;

[Trait("Category", "Unit")]
public sealed class NpyTests
{
    static NpyArray RoundTrip(float[] data, params long[] shape)
    {
        using var stream = new MemoryStream();
        Npy.Write(stream, data, shape);
        stream.Position = 0;
        return Npy.Read(stream, "memory.npy");
    }

    [Theory]
    [InlineData(new long[0])]
    [InlineData(new long[] { 5 })]
    [InlineData(new long[] { 2, 3, 4 })]
    [InlineData(new long[] { 1, 1, 2, 1, 3 })]
    public void RoundTripsAnyRank(long[] shape)
    {
        var count = (int)shape.Aggregate(1L, (a, b) => a * b);
        var data = Enumerable.Range(0, count).Select(i => i * 0.5f - 1.25f).ToArray();
        var array = RoundTrip(data, shape);
        Assert.Equal(shape, array.Shape);
        Assert.Equal(data, array.Data);
    }

    [Fact]
    public void WritesVersion1HeaderAlignedTo64Bytes()
    {
        using var stream = new MemoryStream();
        Npy.Write(stream, [1f, 2f, 3f, 4f, 5f, 6f], 2, 3);
        var bytes = stream.ToArray();
        Assert.Equal(new byte[] { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0 }, bytes[..8]);
        var headerLength = bytes[8] | (bytes[9] << 8);
        Assert.Equal(0, (10 + headerLength) % 64);
        var header = Encoding.ASCII.GetString(bytes, 10, headerLength);
        Assert.StartsWith("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }", header);
        Assert.EndsWith("\n", header);
        Assert.Equal(10 + headerLength + 24, bytes.Length);
        Assert.Equal(BitConverter.GetBytes(1f), bytes[(10 + headerLength)..(14 + headerLength)]);
    }

    [Fact]
    public void ShapeMustMatchData() =>
        Assert.Throws<ArgumentException>(() => Npy.Write(new MemoryStream(), [1f, 2f], 3));

    [Fact]
    public void OtherDtypesAndTruncationAreNamedErrors()
    {
        using var stream = new MemoryStream();
        Npy.Write(stream, [1f, 2f], 2);
        var bytes = stream.ToArray();

        var float64 = (byte[])bytes.Clone();
        Encoding.ASCII.GetBytes("'<f8'").CopyTo(float64, 10 + "{'descr': ".Length);
        var dtypeError = Assert.Throws<InvalidDataException>(() => Npy.Read(new MemoryStream(float64), "x.npy"));
        Assert.Equal("x.npy: dtype '<f8' is not supported, expected '<f4'", dtypeError.Message);

        var truncated = Assert.Throws<InvalidDataException>(() => Npy.Read(new MemoryStream(bytes[..^3]), "x.npy"));
        Assert.Contains("truncated .npy data: expected 8 bytes, found 5", truncated.Message);

        var notNpy = Assert.Throws<InvalidDataException>(() => Npy.Read(new MemoryStream(new byte[20]), "x.npy"));
        Assert.Contains("bad magic", notNpy.Message);
    }

    [Theory]
    [InlineData(2, 0x80000000u)]
    [InlineData(3, 0xFFFFFFFFu)]
    public void AVersion2HeaderLengthPastInt32IsANamedErrorNotAnOverflow(byte major, uint headerLength)
    {
        var bytes = new byte[12];
        new byte[] { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', major, 0 }.CopyTo(bytes, 0);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8), headerLength);
        var error = Allocations.Throws<InvalidDataException>(() => Npy.Read(new MemoryStream(bytes), "x.npy"), out var allocated);

        Assert.Equal($"x.npy: .npy header of {headerLength:N0} bytes is longer than 1,048,576", error.Message);
        Assert.True(allocated < 1 << 20);
    }
}
