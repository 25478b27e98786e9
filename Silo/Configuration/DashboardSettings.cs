using Grid.Configuration;

namespace Grid.Silo.Configuration;

/// <summary>
/// Section <c>Dashboard</c>: the Orleans dashboard (<c>grid silo --dashboard [PORT]</c>), served at
/// <c>http://127.0.0.1:PORT/dashboard</c>. It has no authentication of its own, so it listens on loopback unless
/// <see cref="Address"/> names another address, which needs <c>Cluster:Tls</c> (the dashboard is then served over
/// HTTPS with the silo's certificate) and a <see cref="Password"/> (HTTP basic authentication).
/// </summary>
public sealed class DashboardSettings
{
    public const string Section = "Dashboard";
    public const int DefaultPort = 8080;

    /// <summary>Off by default.</summary>
    public bool Enabled { get; set; }
    /// <summary>Loopback TCP port of the dashboard.</summary>
    public int Port { get; set; } = DefaultPort;
    /// <summary>The address the dashboard listens on: 127.0.0.1 by default; any other needs Cluster:Tls and a password.</summary>
    public string Address { get; set; } = "127.0.0.1";
    /// <summary>The password of the dashboard off loopback (any user name); set it through the environment (GRID_Dashboard__Password), never in a committed file.</summary>
    public string? Password { get; set; }

    /// <summary>Served on an address other machines reach: over HTTPS, behind the password.</summary>
    public bool IsRemote => System.Net.IPAddress.TryParse(Address, out var address) && !System.Net.IPAddress.IsLoopback(address);

    public IEnumerable<string> Problems(ClusterSettings cluster)
    {
        if (Port is < 1 or > 65535) yield return $"{Section}:Port must be in 1-65535 (got {Port})";
        if (Enabled && (Port == cluster.SiloPort || Port == cluster.GatewayPort))
            yield return $"{Section}:Port ({Port}) must differ from {ClusterSettings.Section}:SiloPort and {ClusterSettings.Section}:GatewayPort";
        if (!System.Net.IPAddress.TryParse(Address, out _)) yield return $"{Section}:Address must be an IP address (got '{Address}')";
        else if (IsRemote && !cluster.Tls.Enabled)
            yield return $"{Section}:Address {Address} is not loopback: the dashboard leaves loopback only with {ClusterTlsSettings.Section} configured (it is served over HTTPS)";
        else if (IsRemote && string.IsNullOrEmpty(Password))
            yield return $"{Section}:Address {Address} is not loopback: the dashboard leaves loopback only with {Section}:Password set";
    }
}
