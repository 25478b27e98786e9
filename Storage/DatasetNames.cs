using System.Text.RegularExpressions;

namespace Grid.Storage;

/// <summary>
/// Names of uploaded datasets (<c>grid data upload --name NAME</c>, <c>"location": "blob:NAME"</c>): a letter or digit,
/// then letters, digits, '_' and '-', at most 64 characters, so a name is one path segment and one blob prefix, and
/// can never be <c>..</c>, absolute or reach into another container.
/// </summary>
public static partial class DatasetNames
{
    /// <summary>The scheme of a dataset location that names an uploaded dataset.</summary>
    public const string BlobScheme = "blob:";

    public static bool IsValid(string? name) => name is not null && Pattern().IsMatch(name);

    /// <summary>Why <paramref name="name"/> cannot name a dataset, or null when it can.</summary>
    public static string? Problem(string? name) =>
        IsValid(name) ? null : $"'{name}' is not a dataset name: a letter or digit, then letters, digits, '_' or '-' (at most 64)";

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")]
    private static partial Regex Pattern();
}
