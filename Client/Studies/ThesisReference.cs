using System.Text.Json;

namespace Grid.Client.Studies;

/// <summary>
/// The thesis's published accuracies (tables 3.1, 3.2, 3.4, 3.5), read from <c>specs/lin2022/thesis-results.json</c>,
/// which the console carries as a resource: one file a reader can check against the thesis.
/// </summary>
public sealed record ThesisReference(string Source, IReadOnlyList<string> Columns, IReadOnlyDictionary<string, ThesisTable> Datasets)
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNameCaseInsensitive = true };

    public static ThesisReference Load()
    {
        using var stream = typeof(ThesisReference).Assembly.GetManifestResourceStream("thesis-results.json")
            ?? throw new InvalidDataException("the console was built without thesis-results.json");
        return JsonSerializer.Deserialize<ThesisReference>(stream, Json) ?? throw new InvalidDataException("thesis-results.json is empty");
    }
}

/// <summary>One table of the thesis: its number, what it measures, the accuracy per column (0–1) and the K its kNN used.</summary>
public sealed record ThesisTable(string Table, string Measure, IReadOnlyDictionary<string, double> Accuracy, int KnnK);
