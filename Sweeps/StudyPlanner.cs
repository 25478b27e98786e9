using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Grid.Grains.Specs;

/// <summary>One downstream dataset of a study: its experiment id and the sweep spec that experiment runs.</summary>
public sealed record StudyExperiment(string Layout, string ExperimentId, string SpecJson);

/// <summary>
/// Expands a study spec into one sweep spec per downstream dataset. A study spec is a sweep spec whose
/// <c>dataset</c> is replaced by <c>datasets</c> (each {layout, location, folds?, and job fields that override the
/// study's for that dataset, e.g. features}); its pretraining names its own corpus (<c>pretraining.dataset</c>) and
/// keeps the study's model and features, so that every dataset's trials share one pretraining run per method.
/// </summary>
public static partial class StudyPlanner
{
    private static readonly HashSet<string> DatasetFields = ["layout", "location", "folds"];

    public static IReadOnlyList<StudyExperiment> Plan(string studyId, string studyJson)
    {
        var root = ParseObject(studyJson);
        if (root["dataset"] is not null)
            throw new SpecException("dataset", "a study lists its downstream datasets in \"datasets\"");
        if (root["datasets"] is not JsonArray datasets || datasets.Count == 0)
            throw new SpecException("datasets", "required non-empty array of {layout, location, folds?, ...}");
        if (root["pretraining"] is not JsonObject pretraining || pretraining["dataset"] is null)
            throw new SpecException("pretraining.dataset", "a study pretrains on a corpus of its own: {layout, location}");
        var name = root["name"] is JsonValue value && value.TryGetValue<string>(out var text) ? text : "";

        // Fixed here, not per dataset: a dataset's own features or model must not change the pretraining run it shares.
        pretraining["model"] ??= root["model"]?.DeepClone() ?? new JsonObject();
        pretraining["features"] ??= root["features"]?.DeepClone() ?? new JsonObject();

        var experiments = new List<StudyExperiment>();
        for (var i = 0; i < datasets.Count; i++)
        {
            if (datasets[i] is not JsonObject dataset)
                throw new SpecException($"datasets[{i}]", "must be an object {layout, location, folds?, ...}");
            var spec = (JsonObject)root.DeepClone();
            spec.Remove("datasets");
            var downstream = new JsonObject();
            foreach (var (field, fieldValue) in dataset)
            {
                if (DatasetFields.Contains(field))
                    downstream[field] = fieldValue?.DeepClone();
                else if (SweepSpecParser.JobFields.Contains(field) && field != "pretraining")
                    spec[field] = Merge(spec[field], fieldValue);
                else
                    throw new SpecException($"datasets[{i}].{field}", $"unknown field (known: layout, location, folds, and the job fields {string.Join(", ", SweepSpecParser.JobFields.Where(f => f != "pretraining"))})");
            }
            var layout = downstream["layout"] is JsonValue l && l.TryGetValue<string>(out var layoutName) ? layoutName : "";
            if (!LayoutPattern().IsMatch(layout))
                throw new SpecException($"datasets[{i}].layout", "required layout name");
            spec["dataset"] = downstream;
            spec["name"] = $"{name}-{layout}";
            var experimentId = $"{studyId}-{layout}";
            if (experiments.Any(e => e.ExperimentId == experimentId))
                throw new SpecException($"datasets[{i}].layout", $"{layout} is listed twice");
            var specJson = spec.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
            try
            {
                SweepPlanner.Plan(experimentId, specJson);
            }
            catch (SpecException error)
            {
                throw new SpecException($"datasets[{i}] ({layout}): {error.Field}", error.Message[(error.Field.Length + 2)..]);
            }
            experiments.Add(new StudyExperiment(layout, experimentId, specJson));
        }
        return experiments;
    }

    /// <summary>The study's name, for its id.</summary>
    public static string Name(string studyJson) =>
        ParseObject(studyJson)["name"] is JsonValue value && value.TryGetValue<string>(out var name) ? name
            : throw new SpecException("name", "required non-empty string");

    // Objects merge key by key (a dataset's features.clipSeconds keeps the study's other features); anything else replaces.
    private static JsonNode? Merge(JsonNode? study, JsonNode? dataset)
    {
        if (study is not JsonObject baseObject || dataset is not JsonObject overrides) return dataset?.DeepClone();
        var merged = (JsonObject)baseObject.DeepClone();
        foreach (var (key, value) in overrides) merged[key] = Merge(merged[key], value);
        return merged;
    }

    private static JsonObject ParseObject(string json)
    {
        try
        {
            return JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true }) as JsonObject
                   ?? throw new SpecException("$", "the study must be a JSON object");
        }
        catch (JsonException error)
        {
            throw new SpecException($"line {error.LineNumber + 1}", $"not valid JSON ({error.Message})");
        }
    }

    [GeneratedRegex("^[a-z0-9]{1,32}$")]
    private static partial Regex LayoutPattern();
}
