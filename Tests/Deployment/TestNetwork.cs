using System.Diagnostics;
using System.Net;

namespace Grid.Tests.Deployment;

/// <summary>
/// A private network for one test: a bridge in the root namespace (address .1 of a /24 of 10.213.0.0/16) and one network
/// namespace per member, joined to the bridge by a veth pair, with its own address. A member's link can be taken down
/// and up again (a partition). Disposing removes every namespace, veth and the bridge it created, whatever happened.
/// Needs root and iproute2; <see cref="Unavailable"/> says why not when they are missing.
/// </summary>
public sealed class TestNetwork : IDisposable
{
    private readonly string _tag;
    private readonly int _subnet;
    private readonly List<TestNetworkMember> _members = [];
    private bool _bridgeMade;

    private TestNetwork(string tag, int subnet)
    {
        _tag = tag;
        _subnet = subnet;
    }

    /// <summary>Null when namespaces can be made here; otherwise the reason (for a skipped test).</summary>
    public static string? Unavailable => Probe.Value;

    private static readonly Lazy<string?> Probe = new(() =>
    {
        if (!OperatingSystem.IsLinux()) return "network namespaces need Linux";
        if (Environment.UserName != "root") return "network namespaces need root (ip netns add)";
        var name = $"gprobe{Environment.ProcessId % 100000}";
        var (added, error) = Ip("netns", "add", name);
        if (!added) return $"ip netns add failed here: {error}";
        Ip("netns", "del", name);
        return null;
    });

    /// <summary>The root namespace's address on the bridge: how the test process reaches the members.</summary>
    public IPAddress Gateway => Address(1);

    public IReadOnlyList<TestNetworkMember> Members => _members;

    /// <summary>A new network; the subnet and interface names derive from the process id and a counter, so concurrent test runs do not meet.</summary>
    public static TestNetwork Create()
    {
        var number = Interlocked.Increment(ref _created);
        var network = new TestNetwork($"{Environment.ProcessId % 10000:x}{number:x}", 16 + (Environment.ProcessId * 7 + number) % 230);
        try
        {
            network.Run("link", "add", network.Bridge, "type", "bridge");
            network._bridgeMade = true;
            network.Run("addr", "add", $"{network.Gateway}/24", "dev", network.Bridge);
            network.Run("link", "set", network.Bridge, "up");
            return network;
        }
        catch
        {
            network.Dispose();
            throw;
        }
    }

    private static int _created;

    private string Bridge => $"gb{_tag}";

    /// <summary>A namespace joined to the bridge at the next address (.2, .3, ...), its loopback up.</summary>
    public TestNetworkMember Add(string role)
    {
        var index = _members.Count;
        var member = new TestNetworkMember(role, $"grid-{_tag}-{index}", $"gv{_tag}{index}", Address(2 + index));
        _members.Add(member);
        Run("netns", "add", member.Namespace);
        Run("link", "add", member.HostLink, "type", "veth", "peer", "name", "eth0", "netns", member.Namespace);
        Run("link", "set", member.HostLink, "master", Bridge, "up");
        Run("-n", member.Namespace, "addr", "add", $"{member.Address}/24", "dev", "eth0");
        Run("-n", member.Namespace, "link", "set", "eth0", "up");
        Run("-n", member.Namespace, "link", "set", "lo", "up");
        return member;
    }

    /// <summary>Takes <paramref name="member"/>'s link down: nothing reaches it, nothing leaves it.</summary>
    public void Cut(TestNetworkMember member) => Run("link", "set", member.HostLink, "down");

    /// <summary>Brings <paramref name="member"/>'s link back.</summary>
    public void Restore(TestNetworkMember member) => Run("link", "set", member.HostLink, "up");

    public void Dispose()
    {
        foreach (var member in _members)
        {
            foreach (var pid in Output("netns", "pids", member.Namespace).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                if (int.TryParse(pid, out var id))
                    try { using var process = Process.GetProcessById(id); process.Kill(); process.WaitForExit(5000); }
                    catch (ArgumentException) { } // already gone
            Ip("link", "del", member.HostLink);
            Ip("netns", "del", member.Namespace);
        }
        if (_bridgeMade) Ip("link", "del", Bridge);
    }

    private IPAddress Address(int host) => IPAddress.Parse($"10.213.{_subnet}.{host}");

    private void Run(params string[] arguments)
    {
        var (ok, error) = Ip(arguments);
        if (!ok) throw new InvalidOperationException($"ip {string.Join(' ', arguments)}: {error}");
    }

    private static string Output(params string[] arguments)
    {
        using var process = Start(arguments);
        var text = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return text;
    }

    private static (bool Ok, string Error) Ip(params string[] arguments)
    {
        try
        {
            using var process = Start(arguments);
            process.StandardOutput.ReadToEnd();
            var error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            return (process.ExitCode == 0, error.Trim());
        }
        catch (System.ComponentModel.Win32Exception error)
        {
            return (false, error.Message);
        }
    }

    private static Process Start(string[] arguments)
    {
        var start = new ProcessStartInfo("ip") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        return Process.Start(start) ?? throw new InvalidOperationException("ip did not start");
    }
}

/// <summary>One namespace of a <see cref="TestNetwork"/>: its address, and the launcher that runs a process inside it.</summary>
public sealed record TestNetworkMember(string Role, string Namespace, string HostLink, IPAddress Address)
{
    /// <summary><c>ip netns exec NAMESPACE</c>: prefix a command line with it to run the command in this namespace.</summary>
    public IReadOnlyList<string> Launcher => ["ip", "netns", "exec", Namespace];
}

/// <summary>A fact that is skipped, with the reason, where the test cannot make network namespaces.</summary>
public sealed class NetworkNamespacesFactAttribute : Xunit.FactAttribute
{
    public NetworkNamespacesFactAttribute()
    {
        if (TestNetwork.Unavailable is { } reason) Skip = $"skipped: {reason}";
    }
}
