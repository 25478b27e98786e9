using System.Text;
using static TorchSharp.torch;

namespace Grid.Learning.Checkpoints;

/// <summary>
/// TorchSharp's <c>Module.save</c> format as a plain dictionary: an unsigned LEB128 entry count, then per
/// entry the name (a BinaryWriter string) and the tensor as <c>Tensor.Save</c> writes it.
/// </summary>
public static class TorchSharpStateDict
{
    private const ulong MaxEntries = 1_000_000;

    public static void Write(Stream stream, IReadOnlyDictionary<string, Tensor> state)
    {
        using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        WriteLeb128(writer, (ulong)state.Count);
        using var scope = NewDisposeScope();
        foreach (var (name, tensor) in state)
        {
            writer.Write(name);
            TorchSharp.TensorExtensionMethods.Save(tensor.detach().cpu().contiguous(), writer);
        }
    }

    public static Dictionary<string, Tensor> Read(Stream stream, string source)
    {
        using var reader = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
        var state = new Dictionary<string, Tensor>();
        var count = 0UL;
        try
        {
            count = ReadLeb128(reader);
            if (count > MaxEntries) throw new InvalidDataException($"claims {count} entries");
            for (var i = 0UL; i < count; i++)
            {
                var name = reader.ReadString();
                if (stream.CanSeek) CheckTensorHeader(reader, name);
                state[name] = TorchSharp.TensorExtensionMethods.Load(reader);
            }
            return state;
        }
        // TorchSharp's tensor loader throws NotImplementedException for a tensor over 2 GB: a file this reader cannot take.
        catch (Exception error) when (error is EndOfStreamException or ArgumentException or InvalidDataException
                                          or NotImplementedException or OverflowException or IOException)
        {
            foreach (var tensor in state.Values) tensor.Dispose();
            throw new InvalidDataException($"{source}: not a readable TorchSharp state dict (entry {state.Count + 1} of {count}: {error.Message})", error);
        }
    }

    /// <summary>
    /// Reads the header TorchSharp's loader is about to read (dtype, rank, dimensions) and puts the stream back: the
    /// loader allocates the dimensions and then the tensor at the sizes declared, so both must fit in the bytes left.
    /// </summary>
    private static void CheckTensorHeader(BinaryReader reader, string name)
    {
        var stream = reader.BaseStream;
        var start = stream.Position;
        var dtype = ReadLeb128(reader);
        var elementBytes = ElementBytes(dtype) ?? throw new InvalidDataException($"tensor '{name}' has unsupported dtype code {dtype}");
        var rank = ReadLeb128(reader);
        if (rank > (ulong)(stream.Length - stream.Position))
            throw new InvalidDataException($"tensor '{name}' declares {rank:N0} dimensions, more than the {stream.Length - stream.Position:N0} bytes left");
        ulong bytes = elementBytes;
        bool empty = false, overflows = false;
        for (var i = 0UL; i < rank; i++)
        {
            var dimension = ReadLeb128(reader);
            empty |= dimension == 0;
            if (dimension != 0 && bytes > ulong.MaxValue / dimension) overflows = true;
            else bytes *= dimension;
        }
        var left = stream.Length - stream.Position;
        if (!empty && (overflows || bytes > (ulong)left))
            throw new InvalidDataException(
                $"tensor '{name}' needs {(overflows ? "more than 2^64" : bytes.ToString("N0"))} bytes, but only {left:N0} are left");
        stream.Position = start;
    }

    private static ulong? ElementBytes(ulong dtype) => dtype > (ulong)sbyte.MaxValue ? null : (ScalarType)dtype switch
    {
        ScalarType.Byte or ScalarType.Int8 or ScalarType.Bool => 1,
        ScalarType.Int16 or ScalarType.Float16 or ScalarType.BFloat16 => 2,
        ScalarType.Int32 or ScalarType.Float32 => 4,
        ScalarType.Int64 or ScalarType.Float64 or ScalarType.ComplexFloat32 => 8,
        ScalarType.ComplexFloat64 => 16,
        _ => null,
    };

    private static void WriteLeb128(BinaryWriter writer, ulong value)
    {
        do
        {
            var low = (byte)(value & 0x7F);
            value >>= 7;
            writer.Write(value == 0 ? low : (byte)(low | 0x80));
        } while (value != 0);
    }

    private static ulong ReadLeb128(BinaryReader reader)
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            var b = reader.ReadByte();
            value |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0) return value;
        }
        throw new InvalidDataException("LEB128 count longer than 64 bits");
    }
}
