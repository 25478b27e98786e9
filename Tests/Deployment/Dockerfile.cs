using System.Text.RegularExpressions;

namespace Grid.Tests.Deployment;

/// <summary>The build stages of a Dockerfile: each FROM with its image (ARG defaults substituted) and its instructions.</summary>
public sealed record Dockerfile(IReadOnlyList<Dockerfile.Stage> Stages)
{
    public sealed record Stage(string Image, string? Name, IReadOnlyList<string> Instructions);

    public static Dockerfile Load(string path)
    {
        var lines = File.ReadAllLines(path).Select(line => line.Trim()).Where(line => line.Length > 0 && !line.StartsWith('#')).ToList();
        var globals = new Dictionary<string, string>();
        var stages = new List<Stage>();
        List<string>? current = null;
        foreach (var line in lines)
        {
            var from = Regex.Match(line, @"^FROM\s+(?<image>\S+)(?:\s+AS\s+(?<name>\S+))?$", RegexOptions.IgnoreCase);
            if (from.Success)
            {
                current = [];
                stages.Add(new Stage(Substitute(from.Groups["image"].Value, globals), from.Groups["name"].Success ? from.Groups["name"].Value : null, current));
            }
            else if (current is not null) current.Add(line);
            else if (Regex.Match(line, @"^ARG\s+(?<name>\w+)=(?<value>\S+)$") is { Success: true } arg)
                globals[arg.Groups["name"].Value] = arg.Groups["value"].Value;
        }
        return new Dockerfile(stages);
    }

    public Stage Final => Stages[^1];

    private static string Substitute(string image, IReadOnlyDictionary<string, string> args) =>
        Regex.Replace(image, @"\$\{(\w+)\}|\$(\w+)", match =>
        {
            var name = match.Groups[1].Success ? match.Groups[1].Value : match.Groups[2].Value;
            return args.TryGetValue(name, out var value) ? value : match.Value;
        });
}
