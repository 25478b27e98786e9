using System.Diagnostics;
using System.Text.Json;

namespace Grid.Bench;

/// <summary>
/// Runs a reference script in bench/ with Debian's /usr/bin/python3 and reads the JSON object it prints last.
/// Installs the Debian package that provides a missing module with apt-get first.
/// </summary>
public static class PythonReference
{
    public const string Python = "/usr/bin/python3";

    /// <summary>Makes sure <paramref name="module"/> imports, installing <paramref name="debianPackage"/> when it does not.</summary>
    public static void Ensure(string module, string debianPackage)
    {
        if (Run(Python, ["-c", $"import {module}"], out _, out _) == 0) return;
        Console.Error.WriteLine($"bench: {module} is missing; installing {debianPackage} with apt-get…");
        // A fresh machine may have no package lists yet ("Unable to locate package"): refresh them once and retry.
        if (Install(debianPackage, out var error) == 0) return;
        if (Run("apt-get", ["update", "-q"], out _, out var updateError) != 0)
            throw new InvalidOperationException($"apt-get update failed: {updateError.Trim()}");
        if (Install(debianPackage, out error) != 0)
            throw new InvalidOperationException($"apt-get install {debianPackage} failed: {error.Trim()}");
    }

    private static int Install(string debianPackage, out string error) =>
        Run("apt-get", ["install", "-y", "--no-install-recommends", debianPackage], out _, out error);

    /// <summary>Runs bench/<paramref name="script"/> with <paramref name="arguments"/>; the last stdout line, parsed.</summary>
    public static JsonElement Run(string benchDirectory, string script, IEnumerable<string> arguments)
    {
        var path = Path.Combine(benchDirectory, script);
        if (!File.Exists(path)) throw new FileNotFoundException($"no reference script {path}");
        var exit = Run(Python, [path, .. arguments], out var output, out var error);
        if (exit != 0) throw new InvalidOperationException($"{script} exited with {exit}: {error}");
        var last = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault()
            ?? throw new InvalidOperationException($"{script} printed nothing");
        using var document = JsonDocument.Parse(last);
        return document.RootElement.Clone();
    }

    private static int Run(string file, IEnumerable<string> arguments, out string output, out string error)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        // One intra-op thread unless the script sets its own; the scripts set torch.set_num_threads themselves.
        start.Environment["OMP_NUM_THREADS"] = "1";
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start");
        var errorTask = process.StandardError.ReadToEndAsync();
        output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        error = errorTask.Result;
        return process.ExitCode;
    }
}
