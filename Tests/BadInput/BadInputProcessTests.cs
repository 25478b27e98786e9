using System.Diagnostics;
using Grid.Tests.Infrastructure;
using Xunit;

namespace Grid.Tests.BadInput;

/// <summary>
/// A few cases of the bad-input suite through the real client process: its exit code, one line on stderr, no stack
/// trace, and a mistyped connection string that names its keys and never echoes the account key.
/// </summary>
[Trait("Category", "Process")]
[Collection(nameof(BadInputCollection))]
public sealed class BadInputProcessTests(BadInputFiles files)
{
    [Theory]
    [InlineData("train optimizer lamb")]
    [InlineData("train batch-size 0")]
    [InlineData("features n-mels 20000")]
    [InlineData("spec memoryMomentum 1")]
    [InlineData("checkpoint width 20000")]
    [InlineData("config secret never echoed")]
    public async Task TheClientProcessEndsWithOneLineAndTheDocumentedExitCode(string name)
    {
        var input = BadInputCases.All.Single(c => c.Name == name);
        BadInputCases.WriteSpecs(files);

        var (code, output, error) = await RunClientAsync(input.Arguments.Select(a => a.Replace("{f}", files.Root)).ToArray());

        Assert.True(input.ExitCode == code, $"exit {code}, expected {input.ExitCode}; stderr: {error}");
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.Contains(input.Says, line);
        Assert.DoesNotContain("   at ", error + output);
        Assert.DoesNotContain("S3CR3TK3Y", error + output);
    }

    private static async Task<(int Code, string Output, string Error)> RunClientAsync(string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(RepositoryRoot.Path, "Client", "bin", RepositoryRoot.Configuration, "net10.0", "grid.dll"));
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        start.Environment.Remove("GRID_CONFIG");
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output, await error);
    }
}
