using System.Diagnostics;
using Grid.Tests.Infrastructure;

namespace Grid.Tests.Deployment;

/// <summary>The built console (<c>grid.dll</c>) or silo (<c>grid-silo.dll</c>) run to its end with an environment of its own.</summary>
public static class BuiltProcess
{
    public static string Console => Path.Combine(RepositoryRoot.Path, "Client", "bin", RepositoryRoot.Configuration, "net10.0", "grid.dll");
    public static string Silo => Path.Combine(RepositoryRoot.Path, "Silo", "bin", RepositoryRoot.Configuration, "net10.0", "grid-silo.dll");

    /// <summary>Runs <paramref name="dll"/> with <paramref name="arguments"/>; killed and reported as exit -1 after <paramref name="timeout"/>.</summary>
    public static async Task<(int Code, string Output, string Error)> RunAsync(string dll, IReadOnlyDictionary<string, string> environment, TimeSpan timeout, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(dll);
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        foreach (var (key, value) in environment) start.Environment[key] = value;
        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            return (-1, await output, await error);
        }
        return (process.ExitCode, await output, await error);
    }
}
