using Grid.Tests.Infrastructure;
using YamlDotNet.Core;
using YamlDotNet.Serialization;

namespace Grid.Tests.Deployment;

/// <summary>
/// docker-compose.yml read with a real YAML parser: anchors, aliases and merge keys (<c>&lt;&lt;: *silo</c>)
/// resolved, so every service is seen as Compose sees it. Mappings are string-keyed dictionaries, sequences lists.
/// </summary>
public sealed class ComposeFile
{
    private ComposeFile(IReadOnlyDictionary<string, object?> root) => Root = root;

    public IReadOnlyDictionary<string, object?> Root { get; }

    public IReadOnlyDictionary<string, object?> Services => Map(Root, "services");

    public static ComposeFile Load(string path)
    {
        using var reader = new StreamReader(path);
        var parsed = new DeserializerBuilder().Build().Deserialize<object>(new MergingParser(new Parser(reader)));
        return new ComposeFile(AsMap(parsed, path));
    }

    public static ComposeFile Repository { get; } = Load(System.IO.Path.Combine(RepositoryRoot.Path, "docker-compose.yml"));

    public IReadOnlyDictionary<string, object?> Service(string name) => Map(Services, name);

    /// <summary>The mapping under <paramref name="key"/>; fails naming the key when it is missing or not a mapping.</summary>
    public static IReadOnlyDictionary<string, object?> Map(IReadOnlyDictionary<string, object?> parent, string key) =>
        parent.TryGetValue(key, out var value) ? AsMap(value, key) : throw new KeyNotFoundException($"no '{key}' in the mapping");

    public static IReadOnlyList<string> Strings(IReadOnlyDictionary<string, object?> parent, string key) =>
        parent.TryGetValue(key, out var value) && value is IEnumerable<object?> items
            ? items.Select(item => item?.ToString() ?? "").ToList()
            : throw new KeyNotFoundException($"no list '{key}' in the mapping");

    public static string? Text(IReadOnlyDictionary<string, object?> parent, string key) =>
        parent.TryGetValue(key, out var value) ? value?.ToString() : null;

    /// <summary>A service's environment in either Compose form (a mapping, or a list of NAME=VALUE).</summary>
    public static IReadOnlyDictionary<string, string> Environment(IReadOnlyDictionary<string, object?> service)
    {
        if (!service.TryGetValue("environment", out var value) || value is null) return new Dictionary<string, string>();
        if (value is IDictionary<object, object?> mapping)
            return mapping.ToDictionary(entry => entry.Key.ToString()!, entry => entry.Value?.ToString() ?? "");
        return ((IEnumerable<object?>)value).Select(item => item!.ToString()!.Split('=', 2))
            .ToDictionary(parts => parts[0], parts => parts.Length > 1 ? parts[1] : "");
    }

    /// <summary>The value Compose uses when the variable is unset: <c>${NAME:-default}</c> gives default.</summary>
    public static string DefaultOf(string value)
    {
        var match = System.Text.RegularExpressions.Regex.Match(value, @"^\$\{(?<name>\w+):?-(?<default>.*)\}$", System.Text.RegularExpressions.RegexOptions.Singleline);
        return match.Success ? match.Groups["default"].Value : value;
    }

    private static IReadOnlyDictionary<string, object?> AsMap(object? value, string what) =>
        value is IDictionary<object, object?> mapping
            ? mapping.ToDictionary(entry => entry.Key.ToString()!, entry => entry.Value)
            : throw new InvalidDataException($"'{what}' is not a mapping");
}
