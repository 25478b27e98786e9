using System.Globalization;
using System.Net;

namespace Grid.Tests.Deployment;

/// <summary>The TCP sockets a Linux process listens on, read from /proc: its socket inodes matched against /proc/net/tcp{,6}.</summary>
public static class ListeningSockets
{
    private const string ListenState = "0A";

    public static IReadOnlyList<IPEndPoint> Of(int processId)
    {
        var inodes = Directory.GetFiles($"/proc/{processId}/fd")
            .Select(fd => new FileInfo(fd).LinkTarget)
            .Where(target => target is not null && target.StartsWith("socket:[", StringComparison.Ordinal))
            .Select(target => target![8..^1])
            .ToHashSet();
        return Table("/proc/net/tcp").Concat(Table("/proc/net/tcp6"))
            .Where(row => row.State == ListenState && inodes.Contains(row.Inode))
            .Select(row => row.Local)
            .ToList();
    }

    private static IEnumerable<(IPEndPoint Local, string State, string Inode)> Table(string path) =>
        File.Exists(path)
            ? File.ReadLines(path).Skip(1)
                .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                .Select(columns => (Endpoint(columns[1]), columns[3], columns[9]))
            : [];

    /// <summary><c>0100007F:1F90</c> is 127.0.0.1:8080: the address in 32-bit words of host (little-endian) order, the port big-endian.</summary>
    public static IPEndPoint Endpoint(string text)
    {
        var (address, port) = (text.Split(':')[0], text.Split(':')[1]);
        var bytes = Enumerable.Range(0, address.Length / 8)
            .SelectMany(word => Enumerable.Range(0, 4).Reverse().Select(b => byte.Parse(address.AsSpan(word * 8 + b * 2, 2), NumberStyles.HexNumber)))
            .ToArray();
        return new IPEndPoint(new IPAddress(bytes), int.Parse(port, NumberStyles.HexNumber, CultureInfo.InvariantCulture));
    }
}
