using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using Grid.Configuration;

namespace Grid.Silo.Configuration;

/// <summary>
/// Where a silo listens and whether it may: on loopback it listens on loopback only; on any other address it listens on
/// every interface, and only with <c>Cluster:Tls</c> or an explicit <c>Cluster:AllowInsecureNetwork=true</c>.
/// </summary>
public static class SiloNetwork
{
    /// <summary><c>Cluster:AdvertisedAddress</c>, or when empty the first non-loopback IPv4 address of an interface that is up (loopback when there is none).</summary>
    public static IPAddress Advertised(ClusterSettings cluster) =>
        string.IsNullOrEmpty(cluster.AdvertisedAddress) ? FirstNetworkAddress() : IPAddress.Parse(cluster.AdvertisedAddress);

    /// <summary>Whether the silo and gateway ports listen on every interface: only for an address other machines reach.</summary>
    public static bool ListensOnAnyAddress(IPAddress advertised) => !IPAddress.IsLoopback(advertised);

    /// <summary>Refuses, in one line naming the settings, a silo reachable from the network without TLS unless allowed.</summary>
    public static void Check(ClusterSettings cluster, IPAddress advertised)
    {
        if (IPAddress.IsLoopback(advertised) || cluster.Tls.Enabled || cluster.AllowInsecureNetwork) return;
        var source = string.IsNullOrEmpty(cluster.AdvertisedAddress) ? " (the first network address; Cluster:AdvertisedAddress is empty)" : "";
        throw new GridConfigurationException(
            $"{ClusterSettings.Section}:AdvertisedAddress {advertised}{source} is not loopback and {ClusterTlsSettings.Section} is not configured: "
            + $"refusing to open the silo and gateway ports to the network without TLS (set {ClusterTlsSettings.Section}:*, see grid cluster certs, "
            + $"or {ClusterSettings.Section}:AllowInsecureNetwork=true)");
    }

    private static IPAddress FirstNetworkAddress() =>
        NetworkInterface.GetAllNetworkInterfaces()
            .Where(n => n.OperationalStatus == OperationalStatus.Up && n.NetworkInterfaceType != NetworkInterfaceType.Loopback)
            .SelectMany(n => n.GetIPProperties().UnicastAddresses)
            .Select(u => u.Address)
            .FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a))
        ?? IPAddress.Loopback;
}
