using Grid.Client;
using Xunit;

namespace Grid.Tests.BadInput;

/// <summary>Console redirection is process-wide: these tests run alone.</summary>
[CollectionDefinition(nameof(BadInputCollection), DisableParallelization = true)]
public sealed class BadInputCollection : ICollectionFixture<BadInputFiles>;

/// <summary>
/// Every command fed hostile and broken input through the client's own entry point (<see cref="GridCli.RunAsync"/>):
/// each ends with one line on stderr, the documented exit code and no stack trace, and the decompression and
/// allocation cases stay under a memory cap.
/// </summary>
[Trait("Category", "Unit")]
[Collection(nameof(BadInputCollection))]
public sealed class BadInputSuiteTests(BadInputFiles files)
{
    /// <summary>What a refused input may allocate: far below what the hostile headers declare (gigabytes).</summary>
    private const long MemoryCap = 256L << 20;

    public static TheoryData<string> Names()
    {
        var names = new TheoryData<string>();
        foreach (var input in BadInputCases.All) names.Add(input.Name);
        return names;
    }

    [Fact]
    public void TheSuiteHasAtLeastAHundredCasesOverEveryCommand()
    {
        Assert.True(BadInputCases.All.Count >= 100, $"{BadInputCases.All.Count} cases");
        Assert.Equal(BadInputCases.All.Count, BadInputCases.All.Select(c => c.Name).Distinct().Count());
        var commands = BadInputCases.All.Select(c => c.Arguments[0]).ToHashSet();
        foreach (var command in new[] { "features", "train", "pretrain", "data", "embed", "export", "sweep", "cluster", "us8k", "report" })
            Assert.Contains(command, commands);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public async Task EndsWithOneLineTheDocumentedExitCodeAndNoStackTrace(string name)
    {
        var input = BadInputCases.All.Single(c => c.Name == name);
        BadInputCases.WriteSpecs(files);
        var arguments = input.Arguments.Select(a => a.Replace("{f}", files.Root)).ToArray();

        var (code, output, error, allocated) = await RunAsync(arguments);

        // A job's data-loading progress ("waveform store: …") is information, not an error line.
        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(line => !line.StartsWith("waveform store:", StringComparison.Ordinal)).ToArray();
        Assert.True(input.ExitCode == code, $"exit {code}, expected {input.ExitCode}; stderr: {error}; stdout: {output}");
        Assert.True(lines.Length == 1, $"expected one line on stderr, got {lines.Length}: {error}");
        Assert.Contains(input.Says, lines[0]);
        Assert.DoesNotContain("   at ", error + output);
        Assert.DoesNotContain("S3CR3TK3Y", error + output);
        if (input.BoundedMemory)
            Assert.True(allocated < MemoryCap, $"allocated {allocated:N0} bytes, cap {MemoryCap:N0}");
    }

    private static async Task<(int Code, string Output, string Error, long Allocated)> RunAsync(string[] arguments)
    {
        var (oldOut, oldError) = (Console.Out, Console.Error);
        var (output, error) = (new StringWriter(), new StringWriter());
        Console.SetOut(output);
        Console.SetError(error);
        var before = GC.GetTotalAllocatedBytes(precise: true);
        try
        {
            var code = await GridCli.RunAsync(arguments);
            return (code, output.ToString(), error.ToString(), GC.GetTotalAllocatedBytes(precise: true) - before);
        }
        finally
        {
            Console.SetOut(oldOut);
            Console.SetError(oldError);
        }
    }
}
