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
