using Grid.Configuration;
using System.Globalization;

namespace Grid.Silo.Configuration;

/// <summary>
/// Turns the silo's <c>--dashboard [PORT]</c> switch into the configuration keys <c>Dashboard:Enabled</c>
/// and <c>Dashboard:Port</c>; every other argument passes through unchanged.
/// </summary>
public static class DashboardArguments
{
    public const string Switch = "--dashboard";

    public static string[] Expand(IReadOnlyList<string> args)
    {
        var expanded = new List<string>(args.Count + 2);
        for (var i = 0; i < args.Count; i++)
        {
            var argument = args[i];
            string? port = null;
            if (argument.StartsWith(Switch + "=", StringComparison.Ordinal))
                port = argument[(Switch.Length + 1)..];
            else if (argument == Switch)
            {
                if (i + 1 < args.Count && !args[i + 1].StartsWith('-')) port = args[++i];
            }
            else
            {
                expanded.Add(argument);
                continue;
            }
            expanded.Add($"--{DashboardSettings.Section}:Enabled=true");
            if (port is not null) expanded.Add($"--{DashboardSettings.Section}:Port={ParsePort(port)}");
        }
        return [.. expanded];
    }

    private static int ParsePort(string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port)
            ? port
            : throw new GridConfigurationException($"{Switch}: the port must be a number (got '{text}')");
}
