using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Grid.Learning.Audio;
using Grid.Learning.Pretraining;
using Grid.Learning.Runtime;
using Grid.Learning.Training;

namespace Grid.Grains.Specs;

/// <summary>A trial's job after its parameters were applied to the spec's base job.</summary>
public sealed record ResolvedJob(
    Protocol Protocol,
    ModelOptions Model,
    TrainingOptions Training,
    FeatureOptions Features,
    PretrainRequest? Pretraining,
    string? InitPath,
    bool SkipBadClips)
{
    /// <summary>What the pretraining learns from (its own corpus, or the downstream dataset); null without pretraining.</summary>
    public DatasetSpec? PretrainingCorpus { get; init; }
}

/// <summary>Applies a trial point to the base job and reads the result into the learning library's option records.</summary>
public static class TrialResolver
{
    public static ResolvedJob Resolve(SweepSpec spec, TrialPoint point)
    {
        var job = (JsonObject)spec.Job.DeepClone();
        foreach (var (path, value) in point.Values)
            SetPath(job, path, value.DeepClone());

        var where = point.Values.Count == 0 ? "" : $" (trial {point.Index})";
        var protocol = Read<Protocol>(job["protocol"], "protocol", where);
        var model = Read<ModelOptions>(job["model"] ?? new JsonObject(), "model", where);
        var training = Read<TrainingOptions>(job["training"] ?? new JsonObject(), "training", where);
        // The evaluation window defaults per layout (ESC-50's clips are 5 s, US8K's at most 4 s).
        var featureBlock = job["features"] as JsonObject ?? new JsonObject();
        if (featureBlock["clipSeconds"] is null && DatasetLayouts.IsKnown(spec.Dataset.Layout))
            featureBlock["clipSeconds"] = DatasetLayouts.DefaultClipSeconds(spec.Dataset.Layout);
        var features = Read<FeatureOptions>(job["features"] is null or JsonObject ? featureBlock : job["features"], "features", where);
        var initPath = job["initPath"] is null ? null : Read<string>(job["initPath"], "initPath", where);
        var skipBadClips = job["skipBadClips"] is not null && Read<bool>(job["skipBadClips"], "skipBadClips", where);

        PretrainRequest? pretraining = null;
        DatasetSpec? corpus = null;
        if (job["pretraining"] is JsonObject block)
        {
            corpus = PretrainingCorpus.Take(block, spec.Dataset, where);
            block["datasetRoot"] = "";
            block["seed"] = Seeds.Derive(spec.Seed, "pretraining");
            block["model"] ??= JsonSerializer.SerializeToNode(model, SpecJson.Options);
            block["features"] ??= JsonSerializer.SerializeToNode(features, SpecJson.Options);
            pretraining = Read<PretrainRequest>(block, "pretraining", where);
        }
        else if (job["pretraining"] is not null)
        {
            throw new SpecException("pretraining", "must be an object");
        }

        // Scratch and weights-file trials of a sweep that also pretrains must not wait for the pretraining.
        if (protocol is Protocol.Scratch or Protocol.Pretrained) (pretraining, corpus) = (null, null);
        var resolved = new ResolvedJob(protocol, model, training, features, pretraining, initPath, skipBadClips) { PretrainingCorpus = corpus };
        JobChecks.Check(resolved, spec.Dataset, where);
        return resolved;
    }

    /// <summary>The fold job's request, with the dataset root left for the runner to fill in.</summary>
    public static FoldJobRequest FoldRequest(SweepSpec spec, ResolvedJob job, int fold) =>
        new()
        {
            DatasetRoot = "",
            Layout = spec.Dataset.Layout,
            Fold = fold,
            Protocol = job.Protocol,
            InitPath = job.InitPath,
            Model = job.Model,
            Training = job.Training,
            Features = job.Features,
            Seed = Seeds.Derive(spec.Seed, "fold", fold),
            SkipBadClips = job.SkipBadClips,
        };

    /// <summary>
    /// The pretraining's content key: a hash of its request (method, hyperparameters, corpus layout and folds, seed) and
    /// the corpus location, so that every sweep and study asking for the same run on the same corpus shares it.
    /// </summary>
    public static string PretrainingKey(string requestJson, string datasetLocation)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(requestJson + "\n" + datasetLocation));
        return "pt-" + Convert.ToHexStringLower(hash)[..24];
    }

    private static void SetPath(JsonObject job, string path, JsonNode value)
    {
        var parts = path.Split('.');
        var node = job;
        for (var i = 0; i < parts.Length - 1; i++)
        {
            if (node[parts[i]] is null) node[parts[i]] = new JsonObject();
            node = node[parts[i]] as JsonObject ?? throw new SpecException($"search.{path}", $"'{parts[i]}' is not an object in the job");
        }
        node[parts[^1]] = value;
    }

    private static T Read<T>(JsonNode? node, string field, string where)
    {
        try
        {
            return node.Deserialize<T>(SpecJson.Options) ?? throw new SpecException(field, $"must not be null{where}");
        }
        catch (JsonException error)
        {
            var path = error.Path is { Length: > 1 } p ? field + p.TrimStart('$') : field;
            var reason = error.Message.Split(" Path:")[0];
            throw new SpecException(path, $"{reason}{where}");
        }
    }
}
