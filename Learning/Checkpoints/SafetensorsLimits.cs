using System.Buffers.Binary;
using System.Text.Json;

namespace Grid.Learning.Checkpoints;

/// <summary>
/// Checks a safetensors file against its own length before TorchSharp.PyBridge reads it: the reader allocates the
/// header, and each tensor and its bytes, at the sizes the file declares, so a few hostile bytes could ask for
/// gigabytes. The header must fit in the file, and every tensor's <c>data_offsets</c> must lie inside the data and
/// span exactly the bytes of its shape.
/// </summary>
public static class SafetensorsLimits
{
    /// <summary>Throws an <see cref="InvalidDataException"/> naming <paramref name="source"/> and the first declaration the file cannot back.</summary>
    public static void Check(Stream seekable, string source)
    {
        var start = seekable.Position;
        try
        {
            var available = seekable.Length - start;
            Span<byte> prefix = stackalloc byte[8];
            if (seekable.ReadAtLeast(prefix, prefix.Length, throwOnEndOfStream: false) < prefix.Length)
                throw new InvalidDataException($"{source}: truncated safetensors header: expected 8 bytes, found {available}");
            var headerBytes = BinaryPrimitives.ReadUInt64LittleEndian(prefix);
            if (headerBytes > (ulong)(available - prefix.Length))
                throw new InvalidDataException(
                    $"{source}: safetensors header declares {headerBytes:N0} bytes, but only {available - prefix.Length:N0} follow");
            var header = new byte[headerBytes];
            seekable.ReadExactly(header);
            using var document = JsonDocument.Parse(header);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                throw new InvalidDataException($"{source}: safetensors header is not a JSON object");
            var dataBytes = available - prefix.Length - header.Length;
            foreach (var tensor in document.RootElement.EnumerateObject())
                if (tensor.Name != "__metadata__")
                    CheckTensor(tensor, dataBytes, source);
        }
        catch (JsonException error)
        {
            throw new InvalidDataException($"{source}: safetensors header is not valid JSON ({error.Message})", error);
        }
        finally
        {
            seekable.Position = start;
        }
    }

    private static void CheckTensor(JsonProperty tensor, long dataBytes, string source)
    {
        var where = $"{source}: tensor '{tensor.Name}'";
        if (tensor.Value.ValueKind != JsonValueKind.Object
            || !tensor.Value.TryGetProperty("data_offsets", out var offsetsElement)
            || Longs(offsetsElement) is not [var begin, var end])
            throw new InvalidDataException($"{where}: data_offsets must be two non-negative integers");
        if (begin > end || end > dataBytes)
            throw new InvalidDataException($"{where}: data_offsets [{begin}, {end}] lie outside the {dataBytes:N0} bytes of data");

        // An unknown dtype is left to the reader, which refuses it before allocating.
        if (!tensor.Value.TryGetProperty("dtype", out var dtype) || dtype.ValueKind != JsonValueKind.String
            || ElementBytes(dtype.GetString()) is not { } elementBytes) return;
        if (!tensor.Value.TryGetProperty("shape", out var shapeElement) || Longs(shapeElement) is not { } shape)
            throw new InvalidDataException($"{where}: shape must be a list of non-negative integers");
        long? bytes = elementBytes;
        try
        {
            foreach (var dimension in shape) bytes = checked(bytes * dimension);
        }
        catch (OverflowException)
        {
            bytes = null;
        }
        if (bytes != end - begin)
            throw new InvalidDataException(
                $"{where}: shape [{string.Join(", ", shape)}] of {dtype.GetString()} needs {(bytes is { } b ? $"{b:N0} bytes" : "more bytes than a long holds")}, but data_offsets span {end - begin:N0}");
    }

    /// <summary>The array's elements when every one is a non-negative integer, else null.</summary>
    private static long[]? Longs(JsonElement array)
    {
        if (array.ValueKind != JsonValueKind.Array) return null;
        var values = new long[array.GetArrayLength()];
        var i = 0;
        foreach (var item in array.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Number || !item.TryGetInt64(out var value) || value < 0) return null;
            values[i++] = value;
        }
        return values;
    }

    private static int? ElementBytes(string? dtype) => dtype switch
    {
        "F64" or "I64" or "U64" => 8,
        "F32" or "I32" or "U32" => 4,
        "F16" or "BF16" or "I16" or "U16" => 2,
        "I8" or "U8" or "BOOL" => 1,
        _ => null,
    };
}
