using System.Text.Json;
using System.Text.Json.Nodes;

namespace Grid.Client.Studies;

/// <summary>
/// Makes a study's relative dataset locations absolute against the folder the console runs in, so that
/// <c>specs/lin2022/mini.json</c> finds <c>data/lin2022-mini/…</c> from the repository root. Silos read the absolute
/// path (the same on every machine, or a <c>blob:NAME</c>, which is left alone).
/// </summary>
public static class StudyLocations
{
    public static string Resolve(string studyJson, string baseDirectory)
    {
        JsonObject? root;
        try
        {
            root = JsonNode.Parse(studyJson, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true }) as JsonObject;
        }
        catch (JsonException)
        {
            return studyJson;   // the planner reports the line
        }
        if (root is null) return studyJson;
        if (root["datasets"] is JsonArray datasets)
            foreach (var dataset in datasets.OfType<JsonObject>()) Absolute(dataset, baseDirectory);
        if (root["pretraining"]?["dataset"] is JsonObject corpus) Absolute(corpus, baseDirectory);
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    private static void Absolute(JsonObject dataset, string baseDirectory)
    {
        if (dataset["location"] is JsonValue value && value.TryGetValue<string>(out var location)
            && location.Length > 0 && !location.StartsWith("blob:", StringComparison.Ordinal) && !Path.IsPathRooted(location))
            dataset["location"] = Path.GetFullPath(Path.Combine(baseDirectory, location));
    }
}
