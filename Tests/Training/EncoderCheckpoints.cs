using Grid.Learning.Checkpoints;
using Grid.Learning.Models;
using Grid.Learning.Training;

namespace Grid.Tests.Training;

/// <summary>Encoder checkpoints that stand in for a pretraining run's (freeze, knn and finetune tests).</summary>
internal static class EncoderCheckpoints
{
    /// <summary>Writes a seeded ResNet-18 width-4 encoder (the tiny datasets' model) as a checkpoint archive at <paramref name="path"/>.</summary>
    public static string Write(string path, long seed)
    {
        using var encoder = EncoderFactory.Create(new ModelOptions { Architecture = "resnet18", Width = 4 }, seed);
        using var file = File.Create(path);
        using var writer = new CheckpointWriter(file);
        writer.PutEncoder(encoder);
        return path;
    }
}
