using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Grid.Grains.Specs;

/// <summary>Reads a sweep spec's JSON into a <see cref="SweepSpec"/>, refusing structural errors by field name.</summary>
public static partial class SweepSpecParser
{
    private static readonly HashSet<string> TopLevelFields =
    [
        "name", "seed", "dataset", "protocol", "model", "training", "features", "pretraining", "initPath",
        "skipBadClips", "trials", "search", "samples", "maxTrials", "maxConcurrentTrials", "resources", "retries",
    ];

    /// <summary>Fields of the base job that search paths may override.</summary>
    internal static readonly string[] JobFields = ["protocol", "model", "training", "features", "pretraining", "initPath", "skipBadClips"];

    public static SweepSpec Parse(string json)
    {
        JsonObject root;
        try
        {
            root = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true }) as JsonObject
                   ?? throw new SpecException("$", "the spec must be a JSON object");
        }
        catch (JsonException error)
        {
            throw new SpecException($"line {error.LineNumber + 1}", $"not valid JSON ({error.Message})");
        }

        foreach (var (field, _) in root)
            if (!TopLevelFields.Contains(field))
                throw new SpecException(field, $"unknown field (known: {string.Join(", ", TopLevelFields)})");

        var name = RequiredString(root, "name");
        if (!NamePattern().IsMatch(name))
            throw new SpecException("name", "use letters, digits, '.', '_' and '-' only (at most 64)");

        var job = new JsonObject();
        foreach (var field in JobFields)
            if (root[field] is { } value)
                job[field] = value.DeepClone();
        if (job["protocol"] is null)
            throw new SpecException("protocol", "required (finetune, freeze, knn, scratch or pretrained)");

        var samples = OptionalInt(root, "samples", 1);
        if (samples < 1) throw new SpecException("samples", $"must be at least 1 (got {samples})");
        var maxTrials = OptionalInt(root, "maxTrials", int.MaxValue);
        if (maxTrials < 1) throw new SpecException("maxTrials", $"must be at least 1 (got {maxTrials})");
        var maxConcurrent = OptionalInt(root, "maxConcurrentTrials", int.MaxValue);
        if (maxConcurrent < 1) throw new SpecException("maxConcurrentTrials", $"must be at least 1 (got {maxConcurrent})");
        var retries = OptionalInt(root, "retries", 0);
        if (retries < 0) throw new SpecException("retries", $"must not be negative (got {retries})");

        var search = ParseSearch(root["search"]);
        var stopping = StoppingSpecParser.Parse((root["search"] as JsonObject)?["stopping"]);
        var variants = ParseTrials(root["trials"], search);
        return new SweepSpec(
            name,
            OptionalLong(root, "seed", 0),
            ParseDataset(root["dataset"]),
            job,
            search,
            samples,
            maxTrials,
            maxConcurrent,
            ParseResources(root["resources"]),
            retries)
        {
            Variants = variants,
            Stopping = stopping,
        };
    }

    /// <summary><c>"trials": [{"protocol": "knn", "pretraining.method": "npid"}, ...]</c>: listed trials by dotted job path.</summary>
    private static IReadOnlyList<IReadOnlyList<KeyValuePair<string, JsonNode>>> ParseTrials(JsonNode? node, IReadOnlyList<SearchParameter> search)
    {
        if (node is null) return [];
        if (node is not JsonArray array || array.Count == 0)
            throw new SpecException("trials", "must be a non-empty array of objects of \"path\": value");
        var variants = new List<IReadOnlyList<KeyValuePair<string, JsonNode>>>();
        for (var i = 0; i < array.Count; i++)
        {
            if (array[i] is not JsonObject trial || trial.Count == 0)
                throw new SpecException($"trials[{i}]", "must be a non-empty object of \"path\": value");
            var values = new List<KeyValuePair<string, JsonNode>>();
            foreach (var (path, value) in trial)
            {
                var field = $"trials[{i}].{path}";
                if (!JobFields.Contains(path.Split('.')[0]))
                    throw new SpecException(field, $"a listed trial sets paths that start with one of {string.Join(", ", JobFields)}");
                if (value is null) throw new SpecException(field, "must not be null");
                if (search.Any(p => p.Path == path))
                    throw new SpecException(field, $"{path} is also searched; set it in one place");
                values.Add(KeyValuePair.Create(path, value.DeepClone()));
            }
            variants.Add(values);
        }
        return variants;
    }

    private static DatasetSpec ParseDataset(JsonNode? node)
    {
        if (node is not JsonObject dataset) throw new SpecException("dataset", "required object {layout, location, folds}");
        foreach (var (field, _) in dataset)
            if (field is not ("layout" or "location" or "folds"))
                throw new SpecException($"dataset.{field}", "unknown field (known: layout, location, folds)");
        var layout = RequiredString(dataset, "layout", "dataset.");
        if (DatasetLayouts.WhyNotForFoldJobs(layout) is { } unusable)
            throw new SpecException("dataset.layout", unusable);
        var location = RequiredString(dataset, "location", "dataset.");
        if (location.StartsWith(Grid.Storage.DatasetNames.BlobScheme, StringComparison.Ordinal)
            && Grid.Storage.DatasetNames.Problem(location[Grid.Storage.DatasetNames.BlobScheme.Length..]) is { } badName)
            throw new SpecException("dataset.location", badName);

        IReadOnlyList<int> folds;
        if (dataset["folds"] is null)
            folds = DatasetLayouts.HeldOutFolds(layout)
                    ?? throw new SpecException("dataset.folds", $"required for {layout}: its folds are known only from the data");
        else if (dataset["folds"] is JsonArray array && array.Count > 0)
            folds = array.Select((item, i) => ReadInt(item, $"dataset.folds[{i}]")).ToArray();
        else
            throw new SpecException("dataset.folds", "must be a non-empty array of fold numbers");

        for (var i = 0; i < folds.Count; i++)
        {
            if (DatasetLayouts.WhyNotHeldOut(layout, folds[i]) is { } reason)
                throw new SpecException($"dataset.folds[{i}]", reason);
            if (folds.Take(i).Contains(folds[i]))
                throw new SpecException($"dataset.folds[{i}]", $"fold {folds[i]} is listed twice");
        }
        return new DatasetSpec(layout, location, folds);
    }

    private static ResourceSpec ParseResources(JsonNode? node)
    {
        if (node is null) return new ResourceSpec(1, Accelerator.Any);
        if (node is not JsonObject resources) throw new SpecException("resources", "must be an object {devices, accelerator}");
        foreach (var (field, _) in resources)
            if (field is not ("devices" or "accelerator"))
                throw new SpecException($"resources.{field}", "unknown field (known: devices, accelerator)");
        var devices = OptionalInt(resources, "devices", 1, "resources.");
        if (devices < 1) throw new SpecException("resources.devices", $"must be at least 1 (got {devices})");
        var acceleratorText = resources["accelerator"] is null ? "any" : RequiredString(resources, "accelerator", "resources.");
        if (!Enum.TryParse<Accelerator>(acceleratorText, ignoreCase: true, out var accelerator) || int.TryParse(acceleratorText, out _))
            throw new SpecException("resources.accelerator", $"'{acceleratorText}' is not any, cpu or gpu");
        return new ResourceSpec(devices, accelerator);
    }

    private static IReadOnlyList<SearchParameter> ParseSearch(JsonNode? node)
    {
        if (node is null) return [];
        if (node is not JsonObject search) throw new SpecException("search", "must be an object of \"path\": {domain}");
        var parameters = new List<SearchParameter>();
        foreach (var (path, domainNode) in search)
        {
            if (path == "stopping") continue; // the stopping rule, not a searched path (StoppingSpecParser)
            var field = $"search.{path}";
            var head = path.Split('.')[0];
            if (!JobFields.Contains(head))
                throw new SpecException(field, $"a searched path starts with one of {string.Join(", ", JobFields)}");
            parameters.Add(new SearchParameter(path, ParseDomain(domainNode, field)));
        }
        return parameters.OrderBy(p => p.Path, StringComparer.Ordinal).ToArray();
    }

    private static ParameterDomain ParseDomain(JsonNode? node, string field)
    {
        if (node is not JsonObject domain || domain.Count != 1)
            throw new SpecException(field, "must be one of {\"grid\": [...]}, {\"choice\": [...]}, {\"uniform\": [lo, hi]}, {\"loguniform\": [lo, hi]}, {\"randint\": [lo, hi]}");
        var (kind, argument) = domain.First();
        var values = argument as JsonArray ?? throw new SpecException($"{field}.{kind}", "must be an array");
        switch (kind)
        {
            case "grid" or "choice":
                if (values.Count == 0 || values.Any(v => v is null)) throw new SpecException($"{field}.{kind}", "must list at least one non-null value");
                var copies = values.Select(v => v!.DeepClone()).ToArray();
                return kind == "grid" ? new GridDomain(copies) : new ChoiceDomain(copies);
            case "uniform" or "loguniform" or "randint":
                if (values.Count != 2) throw new SpecException($"{field}.{kind}", "must be [low, high]");
                var low = ReadDouble(values[0], $"{field}.{kind}[0]");
                var high = ReadDouble(values[1], $"{field}.{kind}[1]");
                if (!(low < high)) throw new SpecException($"{field}.{kind}", $"low ({low}) must be below high ({high})");
                if (kind == "loguniform" && low <= 0) throw new SpecException($"{field}.{kind}", $"bounds must be positive (got {low})");
                if (kind == "randint")
                {
                    if (low != Math.Floor(low) || high != Math.Floor(high)) throw new SpecException($"{field}.{kind}", "bounds must be integers");
                    if (Math.Abs(low) > MaxExactInteger || Math.Abs(high) > MaxExactInteger)
                        throw new SpecException($"{field}.{kind}", $"bounds must lie within ±2^53 (got {low} and {high})");
                    return new RandIntDomain((long)low, (long)high);
                }
                return kind == "uniform" ? new UniformDomain(low, high) : new LogUniformDomain(low, high);
            default:
                throw new SpecException($"{field}.{kind}", "unknown domain (known: grid, choice, uniform, loguniform, randint)");
        }
    }

    /// <summary>2^53: every integer up to it is exactly a double, and converts to a long without saturating.</summary>
    private const double MaxExactInteger = 9_007_199_254_740_992;

    private static string RequiredString(JsonObject parent, string name, string prefix = "")
    {
        if (parent[name] is JsonValue value && value.TryGetValue<string>(out var text) && !string.IsNullOrWhiteSpace(text))
            return text;
        throw new SpecException(prefix + name, "required non-empty string");
    }

    private static int OptionalInt(JsonObject parent, string name, int fallback, string prefix = "") =>
        parent[name] is null ? fallback : ReadInt(parent[name], prefix + name);

    private static long OptionalLong(JsonObject parent, string name, long fallback)
    {
        if (parent[name] is null) return fallback;
        if (parent[name] is JsonValue value && value.TryGetValue<long>(out var number)) return number;
        throw new SpecException(name, "must be an integer");
    }

    internal static int ReadInt(JsonNode? node, string field)
    {
        if (node is JsonValue value && value.TryGetValue<int>(out var number)) return number;
        throw new SpecException(field, $"must be an integer (got {node?.ToJsonString() ?? "null"})");
    }

    internal static double ReadDouble(JsonNode? node, string field)
    {
        if (node is JsonValue value && value.TryGetValue<double>(out var number) && double.IsFinite(number)) return number;
        throw new SpecException(field, $"must be a finite number (got {node?.ToJsonString() ?? "null"})");
    }

    [GeneratedRegex("^[A-Za-z0-9._-]{1,64}$")]
    private static partial Regex NamePattern();
}
