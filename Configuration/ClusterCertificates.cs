using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Orleans.Connections.Security;

namespace Grid.Configuration;

/// <summary>
/// The certificates of <see cref="ClusterTlsSettings"/>, loaded and checked: this process's certificate with its
/// private key, and the cluster CA that every peer's certificate must chain to. A certificate's role is its extended
/// key usage: a silo's names both server and client authentication (a silo is both ends of silo-to-silo connections),
/// a console's client authentication only, so a console's certificate cannot pose as a silo.
/// </summary>
public sealed class ClusterCertificates : IDisposable
{
    public const string ServerAuthentication = "1.3.6.1.5.5.7.3.1";
    public const string ClientAuthentication = "1.3.6.1.5.5.7.3.2";

    private ClusterCertificates(X509Certificate2 certificate, X509Certificate2Collection authority)
    {
        Certificate = certificate;
        Authority = authority;
    }

    /// <summary>This process's certificate, with its private key.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>The trusted roots: the certificates of <see cref="ClusterTlsSettings.CaCertificateFile"/>.</summary>
    public X509Certificate2Collection Authority { get; }

    /// <summary>Loads and checks the files; a <see cref="GridConfigurationException"/> names the setting at fault.</summary>
    public static ClusterCertificates Load(ClusterTlsSettings settings)
    {
        const string section = ClusterTlsSettings.Section;
        var certificateFile = Existing(settings.CertificateFile, "CertificateFile")
            ?? throw new GridConfigurationException($"{section}:CertificateFile is not set");
        var caFile = Existing(settings.CaCertificateFile, "CaCertificateFile")
            ?? throw new GridConfigurationException($"{section}:CaCertificateFile must be set when {section}:CertificateFile is (the cluster CA peers must chain to)");
        var keyFile = Existing(settings.KeyFile, "KeyFile");
        var password = Password(settings);

        var authority = new X509Certificate2Collection();
        try
        {
            authority.ImportFromPemFile(caFile);
        }
        catch (CryptographicException)
        {
            throw new GridConfigurationException($"{section}:CaCertificateFile: {caFile} is not a PEM certificate file");
        }
        if (authority.Count == 0) throw new GridConfigurationException($"{section}:CaCertificateFile: {caFile} holds no PEM certificate");

        var certificate = LoadOwn(certificateFile, keyFile, password);
        var loaded = new ClusterCertificates(certificate, authority);
        if (!loaded.Accepts(certificate, out var why))
        {
            loaded.Dispose();
            throw new GridConfigurationException($"{section}:CertificateFile: {certificateFile} is not accepted by the CA of {section}:CaCertificateFile ({why})");
        }
        return loaded;
    }

    /// <summary>
    /// Whether <paramref name="remote"/> chains to the cluster CA, and is valid now; the system's roots play no part.
    /// Host names are not checked: holding a certificate of the cluster's CA is what makes a peer a member.
    /// </summary>
    public bool Accepts(X509Certificate2 remote, out string why)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(Authority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.DisableCertificateDownloads = true;
        if (chain.Build(remote))
        {
            why = "";
            return true;
        }
        why = string.Join(", ", chain.ChainStatus.Select(s => s.Status).Distinct());
        return false;
    }

    /// <summary>
    /// Whether <paramref name="certificate"/> is a silo's: its extended key usage names both server and client
    /// authentication. A certificate without that extension (valid for any use by the X.509 rules) is not a silo's here.
    /// </summary>
    public static bool IsSilo(X509Certificate2 certificate)
    {
        var usages = certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().SelectMany(e => e.EnhancedKeyUsages.Cast<Oid>()).Select(o => o.Value).ToHashSet();
        return usages.Contains(ServerAuthentication) && usages.Contains(ClientAuthentication);
    }

    /// <summary>Refuses, naming the setting, to run a silo on a certificate that is not a silo's (<see cref="IsSilo"/>).</summary>
    public void RequireSilo(ClusterTlsSettings settings)
    {
        if (!IsSilo(Certificate))
            throw new GridConfigurationException($"{ClusterTlsSettings.Section}:CertificateFile: {settings.CertificateFile} is not a silo certificate (its extended key usage must name serverAuth {ServerAuthentication} and clientAuth {ClientAuthentication}; a console's certificate names clientAuth only)");
    }

    /// <summary>
    /// Mutual TLS on <paramref name="options"/>: this certificate, a certificate required from the peer, accepted only
    /// through <see cref="Accepts"/>, and with <paramref name="peerIsSilo"/> only a silo's (<see cref="IsSilo"/>): on
    /// the silo port, to the silos a silo calls, and to the gateways a console calls; a gateway serves consoles too.
    /// </summary>
    public void Apply(TlsOptions options, bool peerIsSilo)
    {
        options.LocalCertificate = Certificate;
        options.RemoteCertificateMode = RemoteCertificateMode.RequireCertificate;
        options.ClientCertificateMode = RemoteCertificateMode.RequireCertificate;
        options.RemoteCertificateValidation = (certificate, _, _) => Accepts(certificate, out _) && (!peerIsSilo || IsSilo(certificate));
    }

    /// <summary>New options of <see cref="Apply"/>.</summary>
    public TlsOptions Options(bool peerIsSilo)
    {
        var options = new TlsOptions();
        Apply(options, peerIsSilo);
        return options;
    }

    public void Dispose()
    {
        Certificate.Dispose();
        foreach (var certificate in Authority) certificate.Dispose();
    }

    private static X509Certificate2 LoadOwn(string certificateFile, string? keyFile, string? password)
    {
        const string section = ClusterTlsSettings.Section;
        X509Certificate2 certificate;
        try
        {
            if (IsPkcs12(certificateFile))
                certificate = X509CertificateLoader.LoadPkcs12FromFile(certificateFile, password);
            else if (!string.IsNullOrEmpty(password))
                certificate = X509Certificate2.CreateFromEncryptedPemFile(certificateFile, password, keyFile);
            else
                certificate = X509Certificate2.CreateFromPemFile(certificateFile, keyFile);
        }
        catch (Exception error) when (error is CryptographicException or ArgumentException)
        {
            var what = IsPkcs12(certificateFile)
                ? $"{section}:CertificateFile: {certificateFile} does not open as PKCS#12 with {section}:Password"
                : $"{section}:KeyFile: {keyFile ?? certificateFile} does not hold the private key of {section}:CertificateFile {certificateFile}";
            throw new GridConfigurationException($"{what} ({FirstLine(error)})");
        }
        if (!certificate.HasPrivateKey)
        {
            certificate.Dispose();
            throw new GridConfigurationException($"{section}:CertificateFile: {certificateFile} has no private key (set {section}:KeyFile)");
        }
        // A key loaded from PEM is ephemeral; some TLS back ends accept only a key that came from a PKCS#12 blob.
        using (certificate)
            return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
    }

    private static bool IsPkcs12(string file) =>
        file.EndsWith(".pfx", StringComparison.OrdinalIgnoreCase) || file.EndsWith(".p12", StringComparison.OrdinalIgnoreCase);

    private static string? Password(ClusterTlsSettings settings)
    {
        if (!string.IsNullOrEmpty(settings.Password)) return settings.Password;
        var file = Existing(settings.PasswordFile, "PasswordFile");
        return file is null ? null : File.ReadAllText(file).TrimEnd('\r', '\n');
    }

    private static string? Existing(string? path, string key)
    {
        if (string.IsNullOrWhiteSpace(path)) return null;
        var full = Path.GetFullPath(path);
        if (!File.Exists(full)) throw new GridConfigurationException($"{ClusterTlsSettings.Section}:{key}: no file {full}");
        try
        {
            using var _ = File.OpenRead(full);
        }
        catch (UnauthorizedAccessException)
        {
            throw new GridConfigurationException($"{ClusterTlsSettings.Section}:{key}: {full} is not readable");
        }
        return full;
    }

    private static string FirstLine(Exception error) => error.Message.Split('\n')[0].Trim();
}
