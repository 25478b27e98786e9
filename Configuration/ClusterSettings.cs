namespace Grid.Configuration;

/// <summary>
/// Section <c>Cluster</c>: how silos find each other and the console finds them; silo and console bind the same
/// section (<see cref="GridSettings"/>). Defaults: azure mode, cluster and service id <c>grid</c>, silo port 11111,
/// gateway port 30000.
/// </summary>
public sealed class ClusterSettings : IGridSettings
{
    public const string Section = "Cluster";

    /// <summary><c>azure</c> (Azure Table membership, Blob grain storage) or <c>localhost</c> (one process, in-memory storage).</summary>
    public string Mode { get; set; } = "azure";
    public string ClusterId { get; set; } = "grid";
    public string ServiceId { get; set; } = "grid";
    public int SiloPort { get; set; } = 11111;
    public int GatewayPort { get; set; } = 30000;
    /// <summary>The address other silos and clients reach this one at; empty takes the first non-loopback address.</summary>
    public string? AdvertisedAddress { get; set; }
    /// <summary>Mutual TLS for silo and gateway connections (<c>Cluster:Tls:*</c>); off by default.</summary>
    public ClusterTlsSettings Tls { get; set; } = new();
    /// <summary>
    /// Lets a silo advertised on a non-loopback address start without <see cref="Tls"/> (anyone who reaches its ports
    /// then controls the cluster); false by default, so such a silo refuses to start.
    /// </summary>
    public bool AllowInsecureNetwork { get; set; }

    /// <summary>One process, localhost clustering, in-memory grain state and folders for blobs.</summary>
    public bool IsLocalhost => Mode == "localhost";

    public IEnumerable<string> Problems()
    {
        if (Mode is not ("azure" or "localhost")) yield return $"{Section}:Mode must be azure or localhost (got '{Mode}')";
        if (string.IsNullOrWhiteSpace(ClusterId)) yield return $"{Section}:ClusterId must not be empty";
        if (string.IsNullOrWhiteSpace(ServiceId)) yield return $"{Section}:ServiceId must not be empty";
        if (SiloPort is < 1 or > 65535) yield return $"{Section}:SiloPort must be in 1-65535 (got {SiloPort})";
        if (GatewayPort is < 1 or > 65535) yield return $"{Section}:GatewayPort must be in 1-65535 (got {GatewayPort})";
        if (SiloPort == GatewayPort) yield return $"{Section}:GatewayPort must differ from {Section}:SiloPort ({SiloPort})";
        if (!string.IsNullOrEmpty(AdvertisedAddress) && !System.Net.IPAddress.TryParse(AdvertisedAddress, out _))
            yield return $"{Section}:AdvertisedAddress must be an IP address (got '{AdvertisedAddress}')";
        foreach (var problem in Tls.Problems()) yield return problem;
    }
}
