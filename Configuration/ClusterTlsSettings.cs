namespace Grid.Configuration;

/// <summary>
/// Section <c>Cluster:Tls</c>: mutual TLS between silos and between the console and the gateways, off until
/// <see cref="CertificateFile"/> is set. Every peer presents a certificate and accepts the other's only when it
/// chains to <see cref="CaCertificateFile"/> (no system roots). <c>grid cluster certs</c> writes such a set.
/// </summary>
public sealed class ClusterTlsSettings
{
    public const string Section = ClusterSettings.Section + ":Tls";

    /// <summary>This process's certificate: a PEM file (its key in <see cref="KeyFile"/> or in the same file) or a PKCS#12 (.pfx/.p12) file with its key.</summary>
    public string? CertificateFile { get; set; }
    /// <summary>The PEM private key of <see cref="CertificateFile"/>; empty when the certificate file holds the key.</summary>
    public string? KeyFile { get; set; }
    /// <summary>Password of a PKCS#12 file or of an encrypted PEM key; set it through the environment (GRID_Cluster__Tls__Password), never in a committed file.</summary>
    public string? Password { get; set; }
    /// <summary>A file holding <see cref="Password"/> (a mounted secret), used when Password is empty.</summary>
    public string? PasswordFile { get; set; }
    /// <summary>PEM file of the cluster's certificate authority (one or more certificates): the only roots a peer's certificate may chain to.</summary>
    public string? CaCertificateFile { get; set; }

    /// <summary>TLS is on: a certificate is configured.</summary>
    public bool Enabled => !string.IsNullOrWhiteSpace(CertificateFile);

    /// <summary>
    /// Every problem by key: the files exist and load, the key matches the certificate, the certificate is valid now,
    /// carries its private key and chains to the CA. Never quotes the password.
    /// </summary>
    public IEnumerable<string> Problems()
    {
        if (!Enabled)
        {
            foreach (var (key, value) in new[] { ("KeyFile", KeyFile), ("CaCertificateFile", CaCertificateFile), ("Password", Password), ("PasswordFile", PasswordFile) })
                if (!string.IsNullOrWhiteSpace(value)) yield return $"{Section}:{key} is set but {Section}:CertificateFile is not";
            yield break;
        }
        string? problem = null;
        try
        {
            using var certificates = ClusterCertificates.Load(this);
        }
        catch (GridConfigurationException error)
        {
            problem = error.Message;
        }
        if (problem is not null) yield return problem;
    }
}
