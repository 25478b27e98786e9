using System.Net;
using System.Net.Sockets;

namespace Grid.Tests.Infrastructure;

/// <summary>Loopback TCP ports free at the time of asking (all held open together, so they differ).</summary>
public static class FreePorts
{
    public static int[] Take(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToArray();
        try
        {
            foreach (var listener in listeners) listener.Start();
            return listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToArray();
        }
        finally
        {
            foreach (var listener in listeners) listener.Stop();
        }
    }

    public static Task<bool> AcceptsAsync(int port) => AcceptsAsync(IPAddress.Loopback, port);

    public static async Task<bool> AcceptsAsync(IPAddress address, int port)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(address, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
