using System.Diagnostics;
namespace Grid.Tests.Infrastructure;

/// <summary>
/// One Azurite process (blob, queue, table) on free loopback ports, in a temporary folder; installed with npm
/// first when tools/azurite has no node_modules. Killed when disposed. Shared by the tests and ./grid bench.
/// A test may put it on another address and start it through a launcher (<c>ip netns exec NAME</c>).
/// </summary>
public sealed class AzuriteProcess(string host = "127.0.0.1", IReadOnlyList<string>? launcher = null) : IAsyncDisposable
{
    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private readonly string _location = Directory.CreateTempSubdirectory("grid-azurite-").FullName;
    private readonly System.Text.StringBuilder _output = new();
    private Process? _process;

    public int BlobPort { get; private set; }
    public int QueuePort { get; private set; }
    public int TablePort { get; private set; }

    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AccountKey};" +
        $"BlobEndpoint=http://{host}:{BlobPort}/devstoreaccount1;QueueEndpoint=http://{host}:{QueuePort}/devstoreaccount1;" +
        $"TableEndpoint=http://{host}:{TablePort}/devstoreaccount1;";

    public async Task StartAsync()
    {
        var tools = Path.Combine(RepositoryRoot.Path, "tools", "azurite");
        var script = Path.Combine(tools, "node_modules", "azurite", "dist", "src", "azurite.js");
        if (!File.Exists(script))
            await RunToEndAsync("npm", ["ci", "--prefix", tools, "--no-audit", "--no-fund", "--loglevel=error"]);

        (BlobPort, QueuePort, TablePort) = FreePorts.Take(3) switch { var p => (p[0], p[1], p[2]) };
        await LaunchAsync(script);
    }

    /// <summary>Kills Azurite with SIGKILL, as a crash would: its last writes may be lost (see PLATFORM-NOTES.md).</summary>
    public async Task KillAsync()
    {
        if (_process is not { HasExited: false }) return;
        _process.Kill();
        await _process.WaitForExitAsync();
    }

    /// <summary>Starts Azurite again on the same folder and ports after <see cref="KillAsync"/>.</summary>
    public Task RestartAsync() =>
        LaunchAsync(Path.Combine(RepositoryRoot.Path, "tools", "azurite", "node_modules", "azurite", "dist", "src", "azurite.js"));

    private async Task LaunchAsync(string script)
    {
        _process?.Dispose();
        var start = new ProcessStartInfo(launcher is { Count: > 0 } ? launcher[0] : "node")
        {
            ArgumentList =
            {
                script, "--silent", "--skipApiVersionCheck", "--disableTelemetry", "--location", _location,
                "--blobHost", host, "--blobPort", BlobPort.ToString(),
                "--queueHost", host, "--queuePort", QueuePort.ToString(),
                "--tableHost", host, "--tablePort", TablePort.ToString(),
            },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        if (launcher is { Count: > 0 })
        {
            foreach (var (word, index) in launcher.Skip(1).Append("node").Select((w, i) => (w, i))) start.ArgumentList.Insert(index, word);
        }
        _process = Process.Start(start) ?? throw new InvalidOperationException("node did not start");
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        var deadline = DateTime.UtcNow + StartTimeout;
        var address = System.Net.IPAddress.Parse(host);
        while (!(await FreePorts.AcceptsAsync(address, BlobPort) && await FreePorts.AcceptsAsync(address, TablePort)))
        {
            if (_process.HasExited) throw new InvalidOperationException($"Azurite exited with {_process.ExitCode}: {Output}");
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Azurite did not listen on {BlobPort}/{TablePort} within {StartTimeout}: {Output}");
            await Task.Delay(100);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }
        _process?.Dispose();
        try
        {
            Directory.Delete(_location, recursive: true);
        }
        catch (IOException)
        {
            // Azurite may still be flushing its files; the folder is in the temp directory.
        }
    }

    private string Output
    {
        get { lock (_output) return _output.ToString(); }
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
    }

    private static async Task RunToEndAsync(string file, string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start");
        var error = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} failed: {await error}");
    }
}
