using Grid.Configuration;
using Microsoft.Extensions.Configuration;

namespace Grid.Silo.Configuration;

/// <summary>
/// Where settings come from, later ones winning: the JSON file named by <c>--config</c> (or GRID_CONFIG),
/// then environment variables prefixed <c>GRID_</c> (<c>GRID_Runner__CpuSlots=4</c>), then the command line.
/// </summary>
public static class GridConfigurationSources
{
    public static void Add(IConfigurationManager configuration, string[] args)
    {
        var file = configuration["config"] ?? Environment.GetEnvironmentVariable("GRID_CONFIG");
        if (!string.IsNullOrWhiteSpace(file))
        {
            var path = Path.GetFullPath(file);
            if (!File.Exists(path)) throw new GridConfigurationException($"--config: no file {path}");
            configuration.AddJsonFile(path, optional: false, reloadOnChange: false);
        }
        configuration.AddEnvironmentVariables("GRID_");
        configuration.AddCommandLine(args);
    }
}
