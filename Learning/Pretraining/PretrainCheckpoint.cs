using Grid.Learning.Audio;
using Grid.Learning.Checkpoints;
using Grid.Learning.Training;
using TorchSharp.Modules;

namespace Grid.Learning.Pretraining;

/// <summary>
/// A pretraining run's resumable state: the shared "model.json" + "encoder" entries (what fold jobs start from),
/// the whole method ("pretrain": encoders, heads, MoCo queue or NPID memory bank and Z), the optimiser, the feature
/// normaliser, the progress, and "method.json" (<see cref="PretrainedMethod"/>: how the encoder was made, readable
/// without loading tensors). The schedule position is the epoch; RNG state is re-derived per epoch.
/// </summary>
public static class PretrainCheckpoint
{
    private const string Method = "pretrain";
    private const string Optimizer = "optimizer";
    private const string Progress = "pretrain.json";
    private const string Normalizer = "normalizer";

    /// <summary>The entry holding <see cref="PretrainedMethod"/>.</summary>
    public const string MethodEntry = "method.json";

    public static void Write(Stream stream, ContrastiveModel model, OptimizerHelper optimizer, FeatureNormalizer normalizer, PretrainProgress progress,
        PretrainedMethod method)
    {
        using var writer = new CheckpointWriter(stream);
        writer.PutEncoder(model.Encoder);
        writer.PutBytes(Normalizer, normalizer.ToBytes());
        writer.PutStateDict(Method, model.Module);
        writer.PutOptimizer(Optimizer, optimizer);
        writer.PutJson(Progress, progress);
        writer.PutJson(MethodEntry, method);
    }

    /// <summary>How the checkpoint's encoder was made; <see cref="PretrainedMethod.Unknown"/> for one written before "method.json" existed.</summary>
    public static PretrainedMethod ReadMethod(Stream stream, string source = "pretraining checkpoint")
    {
        using var reader = new CheckpointReader(stream, source);
        return reader.Contains(MethodEntry) ? reader.GetJson<PretrainedMethod>(MethodEntry) : PretrainedMethod.Unknown;
    }

    /// <inheritdoc cref="ReadMethod(Stream, string)"/>
    public static PretrainedMethod ReadMethod(string path)
    {
        using var stream = File.OpenRead(path);
        return ReadMethod(stream, path);
    }

    /// <summary>Restores the method, optimiser and feature normaliser in place and returns the progress.</summary>
    public static PretrainProgress Read(Stream stream, ContrastiveModel model, OptimizerHelper optimizer, FeaturePipeline pipeline, PretrainMethod expected)
    {
        using var reader = new CheckpointReader(stream, "pretraining checkpoint");
        var progress = reader.GetJson<PretrainProgress>(Progress);
        if (progress.Method != expected)
            throw new InvalidDataException($"pretraining checkpoint: written by {progress.Method}, the request asks for {expected}");
        reader.LoadStateDict(Method, model.Module);
        pipeline.Normalizer = FeatureNormalizer.FromBytes(reader.GetBytes(Normalizer));
        reader.LoadOptimizer(Optimizer, optimizer);
        return progress;
    }
}
