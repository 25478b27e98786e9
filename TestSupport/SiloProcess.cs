using System.Diagnostics;
using System.Text;

namespace Grid.Tests.Infrastructure;

/// <summary>
/// A real silo process (the built grid-silo.dll run with dotnet) in Azure mode against the test's Azurite,
/// with fast membership and lease timeouts. <see cref="Kill"/> is a crash (SIGKILL).
/// </summary>
public sealed class SiloProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private SiloProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int SiloPort { get; private init; }
    public int GatewayPort { get; private init; }

    /// <summary>The operating system's process id.</summary>
    public int Id => _process.Id;

    public string Output
    {
        get { lock (_output) return _output.ToString(); }
    }

    public bool HasExited => _process.HasExited;

    /// <summary>
    /// Waits until the silo's output so far satisfies <paramref name="condition"/> (checked now and on every new line);
    /// false when <paramref name="limit"/> passes first. A silo logs what it saw after the peer already noticed, so a test
    /// reading the log right after an event waits for the line instead.
    /// </summary>
    public async Task<bool> WaitForOutputAsync(Func<string, bool> condition, TimeSpan limit)
    {
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void Check(string _)
        {
            if (condition(Output)) seen.TrySetResult();
        }
        LineReceived += Check;
        try
        {
            Check("");
            await seen.Task.WaitAsync(limit);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
        finally
        {
            LineReceived -= Check;
        }
    }

    /// <summary>Raised for every line the silo writes (stdout or stderr), on a reader thread, as it arrives.</summary>
    public event Action<string>? LineReceived;

    /// <summary>The settings every test silo shares, as GRID_ environment variables.</summary>
    public static Dictionary<string, string> Settings(string clusterId, string connectionString, string cacheDirectory, int cpuSlots) => new()
    {
        ["GRID_Cluster__Mode"] = "azure",
        ["GRID_Cluster__ClusterId"] = clusterId,
        ["GRID_Cluster__ServiceId"] = clusterId,
        ["GRID_Cluster__AdvertisedAddress"] = "127.0.0.1",
        ["GRID_Storage__ConnectionString"] = connectionString,
        ["GRID_Storage__ClusteringTable"] = "M" + clusterId.Replace("-", ""),
        ["GRID_Runner__CpuSlots"] = cpuSlots.ToString(),
        ["GRID_Runner__Gpus"] = "0",
        ["GRID_Runner__ThreadsPerSlot"] = "1",
        ["GRID_Runner__HeartbeatInterval"] = "00:00:01",
        ["GRID_Runner__PollInterval"] = "00:00:00.300",
        ["GRID_Runner__CacheDirectory"] = cacheDirectory,
        ["GRID_Scheduler__LeaseTimeout"] = "00:00:06",
        ["GRID_Scheduler__ExpiryCheckInterval"] = "00:00:01",
        ["GRID_Membership__ProbeTimeout"] = "00:00:01",
        ["GRID_Membership__NumMissedProbesLimit"] = "2",
        ["GRID_Membership__NumVotesForDeathDeclaration"] = "1",
        ["GRID_Membership__TableRefreshTimeout"] = "00:00:02",
        ["GRID_Membership__IAmAliveTablePublishTimeout"] = "00:00:05",
        ["GRID_Membership__DeathVoteExpirationTimeout"] = "00:00:10",
        ["Logging__LogLevel__Default"] = "Warning",
        ["Logging__LogLevel__Grid"] = "Information",
    };

    /// <summary>
    /// Starts a silo with <paramref name="settings"/> in its environment and <paramref name="arguments"/> on its command line,
    /// through <paramref name="launcher"/> when given (<c>ip netns exec NAME</c>, which execs, so the process id stays the silo's).
    /// </summary>
    public static async Task<SiloProcess> StartAsync(IReadOnlyDictionary<string, string> settings, TimeSpan timeout, IReadOnlyList<string>? arguments = null,
        IReadOnlyList<string>? launcher = null)
    {
        var dll = Path.Combine(RepositoryRoot.Path, "Silo", "bin", RepositoryRoot.Configuration, "net10.0", "grid-silo.dll");
        if (!File.Exists(dll)) throw new FileNotFoundException($"build the silo first: no {dll}");
        var ports = FreePorts.Take(2);
        var start = new ProcessStartInfo(launcher is { Count: > 0 } ? launcher[0] : "dotnet")
        {
            ArgumentList = { dll },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        foreach (var argument in arguments ?? []) start.ArgumentList.Add(argument);
        if (launcher is { Count: > 0 })
            foreach (var (word, index) in launcher.Skip(1).Append("dotnet").Select((w, i) => (w, i))) start.ArgumentList.Insert(index, word);
        foreach (var (key, value) in settings) start.Environment[key] = value;
        start.Environment["GRID_Cluster__SiloPort"] = ports[0].ToString();
        start.Environment["GRID_Cluster__GatewayPort"] = ports[1].ToString();
        start.Environment["DOTNET_gcServer"] = "0";

        var silo = new SiloProcess(Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start")) { SiloPort = ports[0], GatewayPort = ports[1] };
        var deadline = DateTime.UtcNow + timeout;
        while (!silo.Output.Contains("Runner of ", StringComparison.Ordinal))
        {
            if (silo.HasExited) throw new InvalidOperationException($"silo exited with {silo._process.ExitCode}:\n{silo.Output}");
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"silo not ready within {timeout}:\n{silo.Output}");
            await Task.Delay(100);
        }
        return silo;
    }

    /// <summary>A crash: SIGKILL, no goodbye to the cluster.</summary>
    public void Kill()
    {
        if (!_process.HasExited) _process.Kill();
        _process.WaitForExit();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
        LineReceived?.Invoke(line);
    }
}
