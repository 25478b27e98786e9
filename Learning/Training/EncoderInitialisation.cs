using Grid.Learning.Checkpoints;
using Grid.Learning.Models;
using Grid.Learning.Pretraining;
using Grid.Learning.Runtime;

namespace Grid.Learning.Training;

/// <summary>The encoder a protocol starts from.</summary>
public static class EncoderInitialisation
{
    /// <summary>
    /// scratch: random (seeded); finetune, freeze, knn: the "encoder" of a pretraining checkpoint (its model.json
    /// decides the shape); pretrained: a weights file (.pt, safetensors, TorchSharp, or a checkpoint) loaded into
    /// the request's architecture, a classifier (fc.*) in it ignored.
    /// </summary>
    public static Encoder Create(FoldJobRequest request)
    {
        if (request.Protocol == Protocol.Scratch) return EncoderFactory.Create(request.Model, Seeds.Derive(request.Seed, "encoder"));
        var path = request.InitPath;
        if (string.IsNullOrWhiteSpace(path))
            throw new ArgumentException($"protocol {request.Protocol} needs InitPath (a pretraining checkpoint or weights file)", nameof(request));
        if (!File.Exists(path)) throw new FileNotFoundException($"InitPath {path} does not exist", path);
        if (request.Protocol == Protocol.Pretrained)
        {
            var encoder = EncoderFactory.Create(request.Model, Seeds.Derive(request.Seed, "encoder"));
            EncoderWeights.Load(encoder, path);
            return encoder;
        }
        using var stream = File.OpenRead(path);
        using var reader = new CheckpointReader(stream, path);
        return reader.LoadEncoder();
    }

    /// <summary>
    /// Where <see cref="Create"/>'s encoder comes from, for reports: "scratch", "weights file NAME" (pretrained), or the
    /// pretraining checkpoint's method and corpus, e.g. "MoCo v1 (fsd50k)" (<see cref="PretrainedMethod.Origin"/>);
    /// "unknown (NAME)" for a checkpoint written before checkpoints recorded their method.
    /// </summary>
    public static string Describe(FoldJobRequest request)
    {
        if (request.Protocol == Protocol.Scratch) return "scratch";
        var path = request.InitPath;
        if (string.IsNullOrWhiteSpace(path) || !File.Exists(path)) return "unknown";
        var name = Path.GetFileName(path);
        if (request.Protocol == Protocol.Pretrained) return $"weights file {name}";
        var method = PretrainCheckpoint.ReadMethod(path);
        return method.Layout is null ? $"{method.Label} ({name})" : method.Origin;
    }
}
