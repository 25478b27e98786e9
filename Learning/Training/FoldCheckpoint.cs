using System.Text.Json;
using System.Text.Json.Serialization;
using Grid.Learning.Audio;
using Grid.Learning.Checkpoints;
using TorchSharp.Modules;

namespace Grid.Learning.Training;

/// <summary>
/// A fold job's resumable state: the shared "model.json" + "encoder" entries, the classifier, the optimiser
/// (momentum buffers included), the feature normaliser and the progress. The schedule position is the epoch;
/// RNG state is re-derived per epoch (<see cref="EpochPlan"/>).
/// </summary>
public static class FoldCheckpoint
{
    private const string Classifier = "classifier";
    private const string Optimizer = "optimizer";
    private const string Progress = "fold-job.json";
    private const string Normalizer = "normalizer";

    // kNN has no loss: its metrics carry NaN, which plain JSON cannot hold.
    private static readonly JsonSerializerOptions ProgressJson = new() { NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };

    public static void Write(Stream stream, ClassifierModel model, OptimizerHelper? optimizer, FeatureNormalizer normalizer, FoldProgress progress)
    {
        using var writer = new CheckpointWriter(stream);
        writer.PutEncoder(model.Encoder);
        writer.PutBytes(Normalizer, normalizer.ToBytes());
        writer.PutStateDict(Classifier, model.Classifier);
        if (optimizer is not null) writer.PutOptimizer(Optimizer, optimizer);
        writer.PutBytes(Progress, JsonSerializer.SerializeToUtf8Bytes(progress, ProgressJson));
    }

    /// <summary>Restores the model, optimiser and feature normaliser in place and returns the progress.</summary>
    public static FoldProgress Read(Stream stream, ClassifierModel model, OptimizerHelper? optimizer, FeaturePipeline pipeline)
    {
        using var reader = new CheckpointReader(stream, "fold-job checkpoint");
        var options = reader.GetModelOptions();
        if (options != model.Encoder.Options)
            throw new InvalidDataException($"fold-job checkpoint: its encoder is {options.Architecture} width {options.Width}, the job's is {model.Encoder.Options.Architecture} width {model.Encoder.Options.Width}");
        reader.LoadStateDict(CheckpointEntries.Encoder, model.Encoder);
        reader.LoadStateDict(Classifier, model.Classifier);
        pipeline.Normalizer = FeatureNormalizer.FromBytes(reader.GetBytes(Normalizer));
        if (optimizer is not null) reader.LoadOptimizer(Optimizer, optimizer);
        return JsonSerializer.Deserialize<FoldProgress>(reader.GetBytes(Progress), ProgressJson)
               ?? throw new InvalidDataException($"{reader.Source}: entry '{Progress}' is empty");
    }
}
