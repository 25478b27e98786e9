using System.Text.Json;
using System.Text.Json.Serialization;

namespace Grid.Client.Reports;

/// <summary>
/// <see cref="ReportData"/> as JSON (camelCase members, enums as strings), so a sweep's results can be saved once and
/// rendered again with `grid report render`.
/// </summary>
public static class ReportDataJson
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    public static void Write(ReportData data, string path) =>
        File.WriteAllText(path, JsonSerializer.Serialize(data, Options));

    /// <summary>Reads a report's data; a malformed file fails naming the file, the line and the JSON path.</summary>
    public static ReportData Read(string path)
    {
        try
        {
            return JsonSerializer.Deserialize<ReportData>(File.ReadAllText(path), Options)
                ?? throw new InvalidDataException($"{path}: the file holds null, not report data");
        }
        catch (JsonException error)
        {
            var line = error.LineNumber is { } n ? $", line {n + 1}" : "";
            var where = string.IsNullOrEmpty(error.Path) ? "" : $" at {error.Path}";
            throw new InvalidDataException($"{path}{line}{where}: {error.Message}", error);
        }
    }
}
