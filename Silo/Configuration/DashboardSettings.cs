using Grid.Configuration;

namespace Grid.Silo.Configuration;

/// <summary>
/// Section <c>Dashboard</c>: the Orleans dashboard (<c>grid silo --dashboard [PORT]</c>), served at
/// <c>http://127.0.0.1:PORT/dashboard</c>. It has no authentication, so it only ever listens on loopback;
/// reach it from elsewhere through an SSH tunnel or a reverse proxy of your choice.
/// </summary>
public sealed class DashboardSettings
{
    public const string Section = "Dashboard";
    public const int DefaultPort = 8080;

    /// <summary>Off by default.</summary>
    public bool Enabled { get; set; }
    /// <summary>Loopback TCP port of the dashboard.</summary>
    public int Port { get; set; } = DefaultPort;

    public IEnumerable<string> Problems(ClusterSettings cluster)
    {
        if (Port is < 1 or > 65535) yield return $"{Section}:Port must be in 1-65535 (got {Port})";
        if (Enabled && (Port == cluster.SiloPort || Port == cluster.GatewayPort))
            yield return $"{Section}:Port ({Port}) must differ from {ClusterSettings.Section}:SiloPort and {ClusterSettings.Section}:GatewayPort";
    }
}
