using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Grid.Learning.IO;

/// <summary>A float32 array read from or written to .npy: C-order data and its shape.</summary>
public sealed record NpyArray(float[] Data, long[] Shape);

/// <summary>
/// NumPy .npy files holding little-endian float32 ('&lt;f4') in C order, any rank. Writes format
/// version 1.0; reads 1.0, 2.0 and 3.0 headers.
/// </summary>
public static partial class Npy
{
    static ReadOnlySpan<byte> Magic => [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];
    const int HeaderAlignment = 64;

    public static void Write(string path, float[] data, params long[] shape)
    {
        using var stream = File.Create(path);
        Write(stream, data, shape);
    }

    public static void Write(Stream stream, float[] data, params long[] shape)
    {
        var count = shape.Aggregate(1L, (product, dimension) => dimension >= 0
            ? product * dimension
            : throw new ArgumentException($"negative dimension {dimension} in shape", nameof(shape)));
        if (count != data.Length)
            throw new ArgumentException($"shape ({string.Join(", ", shape)}) holds {count} values, data has {data.Length}");

        var header = Encoding.ASCII.GetBytes(
            $"{{'descr': '<f4', 'fortran_order': False, 'shape': {ShapeLiteral(shape)}, }}");
        var preamble = Magic.Length + 2 + 2;
        var padded = (preamble + header.Length + 1 + HeaderAlignment - 1) / HeaderAlignment * HeaderAlignment;
        var headerLength = padded - preamble;

        Span<byte> fixedPart = stackalloc byte[preamble];
        Magic.CopyTo(fixedPart);
        fixedPart[6] = 1;
        fixedPart[7] = 0;
        BinaryPrimitives.WriteUInt16LittleEndian(fixedPart[8..], (ushort)headerLength);
        stream.Write(fixedPart);
        stream.Write(header);
        for (var i = header.Length; i < headerLength - 1; i++) stream.WriteByte((byte)' ');
        stream.WriteByte((byte)'\n');

        var body = new byte[data.Length * sizeof(float)];
        for (var i = 0; i < data.Length; i++)
            BinaryPrimitives.WriteSingleLittleEndian(body.AsSpan(i * sizeof(float)), data[i]);
        stream.Write(body);
    }

    public static NpyArray Read(string path)
    {
        using var stream = File.OpenRead(path);
        return Read(stream, path);
    }

    /// <summary>Reads an array; <paramref name="name"/> is used in error messages.</summary>
    public static NpyArray Read(Stream stream, string name)
    {
        var preamble = ReadExactly(stream, Magic.Length + 2, name, "preamble");
        if (!preamble.AsSpan(0, Magic.Length).SequenceEqual(Magic))
            throw new InvalidDataException($"{name}: not a .npy file (bad magic)");
        var major = preamble[6];
        var headerLength = major switch
        {
            1 => BinaryPrimitives.ReadUInt16LittleEndian(ReadExactly(stream, 2, name, "header length")),
            2 or 3 => BinaryPrimitives.ReadUInt32LittleEndian(ReadExactly(stream, 4, name, "header length")),
            _ => throw new InvalidDataException($"{name}: unsupported .npy version {major}.{preamble[7]}"),
        };
        if (headerLength > MaxHeaderBytes)
            throw new InvalidDataException($"{name}: .npy header of {headerLength:N0} bytes is longer than {MaxHeaderBytes:N0}");
        var header = Encoding.UTF8.GetString(ReadExactly(stream, (int)headerLength, name, "header"));

        var descr = Field(header, "descr", name);
        if (descr != "'<f4'") throw new InvalidDataException($"{name}: dtype {descr} is not supported, expected '<f4'");
        if (Field(header, "fortran_order", name) != "False")
            throw new InvalidDataException($"{name}: Fortran-order arrays are not supported");
        var shape = ParseShape(Field(header, "shape", name), name);

        var count = ValueCount(shape, name);
        if (stream.CanSeek && stream.Length - stream.Position < (long)count * sizeof(float))
            throw new InvalidDataException($"{name}: truncated .npy data: expected {(long)count * sizeof(float)} bytes, found {stream.Length - stream.Position}");
        var body = ReadExactly(stream, count * sizeof(float), name, "data");
        var data = new float[count];
        for (var i = 0; i < count; i++) data[i] = BinaryPrimitives.ReadSingleLittleEndian(body.AsSpan(i * sizeof(float)));
        return new NpyArray(data, shape);
    }

    /// <summary>The longest header read (NumPy writes a few hundred bytes).</summary>
    const int MaxHeaderBytes = 1 << 20;

    /// <summary>The values a shape holds; refused when it overflows or exceeds what one float array can hold.</summary>
    static int ValueCount(long[] shape, string name)
    {
        var count = 1L;
        foreach (var dimension in shape)
        {
            if (dimension < 0 || dimension > 0 && count > MaxValues / dimension)
                throw new InvalidDataException($"{name}: shape {ShapeLiteral(shape)} holds more than {MaxValues:N0} values");
            count *= dimension;
        }
        return (int)count;
    }

    /// <summary>The most values one array may hold (its bytes must fit one .NET array).</summary>
    const long MaxValues = int.MaxValue / sizeof(float);

    static string ShapeLiteral(long[] shape) => shape.Length switch
    {
        0 => "()",
        1 => $"({shape[0].ToString(CultureInfo.InvariantCulture)},)",
        _ => "(" + string.Join(", ", shape.Select(d => d.ToString(CultureInfo.InvariantCulture))) + ")",
    };

    static long[] ParseShape(string literal, string name)
    {
        var inner = literal.Trim().TrimStart('(').TrimEnd(')');
        return inner.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(part => long.TryParse(part.TrimEnd('L'), NumberStyles.None, CultureInfo.InvariantCulture, out var d)
                ? d : throw new InvalidDataException($"{name}: bad shape {literal}"))
            .ToArray();
    }

    static string Field(string header, string key, string name)
    {
        var match = FieldPattern().Matches(header).FirstOrDefault(m => m.Groups["key"].Value == key);
        return match?.Groups["value"].Value.Trim()
               ?? throw new InvalidDataException($"{name}: .npy header lacks '{key}'");
    }

    [GeneratedRegex(@"'(?<key>\w+)'\s*:\s*(?<value>'[^']*'|\([^)]*\)|True|False)")]
    private static partial Regex FieldPattern();

    static byte[] ReadExactly(Stream stream, int count, string name, string part)
    {
        var buffer = new byte[count];
        var read = stream.ReadAtLeast(buffer, count, throwOnEndOfStream: false);
        if (read < count)
            throw new InvalidDataException($"{name}: truncated .npy {part}: expected {count} bytes, found {read}");
        return buffer;
    }
}
