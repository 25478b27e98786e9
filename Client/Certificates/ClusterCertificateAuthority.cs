using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Grid.Configuration;

namespace Grid.Client.Certificates;

/// <summary>
/// A cluster's own certificate authority (ECDSA P-256, SHA-256) and the silo and client certificates it issues:
/// silos get server and client authentication (they are both ends of silo-to-silo connections, and
/// <see cref="ClusterCertificates.IsSilo"/> reads that as the silo role), clients client authentication only; each certificate names its hosts as subject alternative names.
/// </summary>
public sealed class ClusterCertificateAuthority : IDisposable
{
    /// <summary>Validity of a new CA: ten years.</summary>
    public static readonly TimeSpan AuthorityValidity = TimeSpan.FromDays(3650);

    private const string ServerAuthentication = ClusterCertificates.ServerAuthentication;
    private const string ClientAuthentication = ClusterCertificates.ClientAuthentication;

    private ClusterCertificateAuthority(X509Certificate2 certificate) => Certificate = certificate;

    /// <summary>The CA certificate, with its private key.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>A new CA named <paramref name="name"/>.</summary>
    public static ClusterCertificateAuthority Create(string name = "grid cluster CA")
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(new X500DistinguishedName($"CN={name}"), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: true, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, critical: true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        var now = DateTimeOffset.UtcNow;
        return new ClusterCertificateAuthority(request.CreateSelfSigned(now.AddMinutes(-5), now + AuthorityValidity));
    }

    /// <summary>An existing CA from its PEM certificate and key files.</summary>
    public static ClusterCertificateAuthority Open(string certificateFile, string keyFile) =>
        new(X509Certificate2.CreateFromPemFile(certificateFile, keyFile));

    /// <summary>A silo certificate for <paramref name="hosts"/> (DNS names or IP addresses; the first is its subject).</summary>
    public X509Certificate2 IssueSilo(IReadOnlyList<string> hosts, TimeSpan validity) =>
        Issue(hosts, [ServerAuthentication, ClientAuthentication], validity);

    /// <summary>A client (console) certificate for <paramref name="hosts"/>.</summary>
    public X509Certificate2 IssueClient(IReadOnlyList<string> hosts, TimeSpan validity) =>
        Issue(hosts, [ClientAuthentication], validity);

    public void Dispose() => Certificate.Dispose();

    private X509Certificate2 Issue(IReadOnlyList<string> hosts, string[] usages, TimeSpan validity)
    {
        if (hosts.Count == 0) throw new ArgumentException("a certificate needs at least one host name", nameof(hosts));
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(new X500DistinguishedName($"CN={hosts[0]}"), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        var oids = new OidCollection();
        foreach (var usage in usages) oids.Add(new Oid(usage));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(oids, critical: false));
        var names = new SubjectAlternativeNameBuilder();
        foreach (var host in hosts)
        {
            if (IPAddress.TryParse(host, out var address)) names.AddIpAddress(address);
            else names.AddDnsName(host);
        }
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Certificate, includeKeyIdentifier: true, includeIssuerAndSerial: false));

        var now = DateTimeOffset.UtcNow;
        var notAfter = now + validity < Certificate.NotAfter ? now + validity : new DateTimeOffset(Certificate.NotAfter.ToUniversalTime());
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        using var issued = request.Create(Certificate, now.AddMinutes(-5), notAfter, serial);
        return issued.CopyWithPrivateKey(key);
    }
}
