using TorchSharp.Modules;

namespace Grid.Learning.Checkpoints;

/// <summary>An optimiser's state (momentum buffers, Adam moments, step counts) as one checkpoint entry.</summary>
public static class OptimizerEntries
{
    public static void PutOptimizer(this CheckpointWriter writer, string name, OptimizerHelper optimizer)
    {
        using var entry = writer.OpenEntry(name);
        using var binary = new BinaryWriter(entry);
        optimizer.save_state_dict(binary);
    }

    /// <summary>Restores the optimiser in place, reading the entry through a seekable buffer (zip entry streams cannot seek).</summary>
    public static void LoadOptimizer(this CheckpointReader reader, string name, OptimizerHelper optimizer)
    {
        using var entry = reader.OpenEntry(name);
        using var buffer = new MemoryStream();
        entry.CopyTo(buffer);
        buffer.Position = 0;
        using var binary = new BinaryReader(buffer);
        optimizer.load_state_dict(binary);
    }
}
