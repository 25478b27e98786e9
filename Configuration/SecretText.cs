using System.Text.RegularExpressions;

namespace Grid.Configuration;

/// <summary>Keeps secrets out of error text: the values of connection-string keys are replaced, the keys stay.</summary>
public static partial class SecretText
{
    /// <summary><paramref name="text"/> with the value of every <c>Key=value</c> pair of a connection string replaced by <c>***</c>.</summary>
    public static string Redact(string text) => SecretPair().Replace(text, match => $"{match.Groups[1].Value}=***");

    /// <summary>The keys of a connection string, in order, without their values (for an error that must say what was given).</summary>
    public static IReadOnlyList<string> Keys(string connectionString) =>
        connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(part => part.Split('=', 2)[0].Trim())
            .Where(key => key.Length > 0)
            .ToArray();

    [GeneratedRegex(@"\b(AccountKey|SharedAccessSignature|SharedAccessKey|sig|Password|pwd|ClientSecret)=[^;\s""']*", RegexOptions.IgnoreCase)]
    private static partial Regex SecretPair();
}
