using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;

namespace Grid.Client.Certificates;

/// <summary>
/// What <c>grid cluster certs</c> asks for: the folder, each silo's and each client's host names (the first one names
/// its files), whether existing files may be replaced, and how many days the certificates are valid (825 by default).
/// </summary>
public sealed record CertificateSetRequest(
    string OutDirectory,
    IReadOnlyList<IReadOnlyList<string>> Silos,
    IReadOnlyList<IReadOnlyList<string>> Clients,
    bool Force = false,
    int ValidDays = 825);

/// <summary>
/// Writes a cluster's certificates as PEM files: <c>ca.pem</c> and <c>ca.key</c>, <c>silo-NAME.pem</c>/<c>.key</c>,
/// <c>client-NAME.pem</c>/<c>.key</c>. Keys are created with mode 600. An existing <c>ca.pem</c> + <c>ca.key</c> is reused
/// (to add a machine later) unless <see cref="CertificateSetRequest.Force"/>; other existing files are refused unless forced.
/// </summary>
public static partial class ClusterCertificateFiles
{
    public const string CaCertificate = "ca.pem";
    public const string CaKey = "ca.key";

    public static string SiloCertificate(string name) => $"silo-{FileName(name)}.pem";
    public static string SiloKey(string name) => $"silo-{FileName(name)}.key";
    public static string ClientCertificate(string name) => $"client-{FileName(name)}.pem";
    public static string ClientKey(string name) => $"client-{FileName(name)}.key";

    /// <summary>The host names of one <c>--silo</c>/<c>--client</c> value (<c>a.example,10.0.0.5</c>), each checked; a bad one names the option.</summary>
    public static IReadOnlyList<string> ParseHosts(string option, string value)
    {
        var hosts = value.Split(',', StringSplitOptions.TrimEntries);
        foreach (var host in hosts)
            if (!IPAddress.TryParse(host, out _) && !DnsName().IsMatch(host))
                throw new BadOptionException($"{option}: '{host}' is neither a DNS name nor an IP address (got '{value}')");
        return hosts;
    }

    /// <summary>Writes the set and returns the files written, in order; throws <see cref="BadOptionException"/> before writing anything when a file is in the way.</summary>
    public static IReadOnlyList<string> Write(CertificateSetRequest request)
    {
        if (request.ValidDays is < 1 or > 3650) throw new BadOptionException($"--days must be in 1-3650 (got {request.ValidDays})");
        if (request.Silos.Count + request.Clients.Count == 0) throw new BadOptionException("--silo or --client: name at least one certificate to issue");
        var directory = Path.GetFullPath(request.OutDirectory);
        if (File.Exists(directory)) throw new BadOptionException($"--out: {directory} is a file, not a folder");
        var leaves = request.Silos.Select(hosts => (Hosts: hosts, Certificate: SiloCertificate(hosts[0]), Key: SiloKey(hosts[0]), Silo: true))
            .Concat(request.Clients.Select(hosts => (Hosts: hosts, Certificate: ClientCertificate(hosts[0]), Key: ClientKey(hosts[0]), Silo: false)))
            .ToList();
        var twice = leaves.GroupBy(l => l.Certificate).FirstOrDefault(g => g.Count() > 1);
        if (twice is not null) throw new BadOptionException($"--silo/--client: two certificates would both be {twice.Key}");

        var caCertificate = Path.Combine(directory, CaCertificate);
        var caKey = Path.Combine(directory, CaKey);
        var reuseAuthority = !request.Force && File.Exists(caCertificate) && File.Exists(caKey);
        if (!request.Force && File.Exists(caCertificate) != File.Exists(caKey))
            throw new BadOptionException($"--out: {directory} has only one of {CaCertificate} and {CaKey} (use --force to make a new CA)");
        if (!request.Force)
            foreach (var path in leaves.SelectMany(l => new[] { l.Certificate, l.Key }).Select(f => Path.Combine(directory, f)))
                if (File.Exists(path)) throw new BadOptionException($"--out: {path} exists (use --force to replace it)");

        Directory.CreateDirectory(directory);
        var written = new List<string>();
        using var authority = reuseAuthority ? ClusterCertificateAuthority.Open(caCertificate, caKey) : ClusterCertificateAuthority.Create();
        if (!reuseAuthority)
        {
            WriteKey(caKey, authority.Certificate);
            WritePublic(caCertificate, authority.Certificate.ExportCertificatePem());
            written.AddRange([caCertificate, caKey]);
        }
        var validity = TimeSpan.FromDays(request.ValidDays);
        foreach (var leaf in leaves)
        {
            using var certificate = leaf.Silo ? authority.IssueSilo(leaf.Hosts, validity) : authority.IssueClient(leaf.Hosts, validity);
            var (certificateFile, keyFile) = (Path.Combine(directory, leaf.Certificate), Path.Combine(directory, leaf.Key));
            WriteKey(keyFile, certificate);
            WritePublic(certificateFile, certificate.ExportCertificatePem());
            written.AddRange([certificateFile, keyFile]);
        }
        return written;
    }

    private static string FileName(string host) => host.Replace(':', '-');

    private static void WritePublic(string path, string pem) => File.WriteAllText(path, pem + "\n");

    /// <summary>A private key, readable by its owner only from the moment it exists.</summary>
    private static void WriteKey(string path, X509Certificate2 certificate)
    {
        using var key = certificate.GetECDsaPrivateKey() ?? throw new InvalidOperationException("an issued certificate lacks its key");
        var pem = key.ExportPkcs8PrivateKeyPem();
        File.Delete(path);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using var writer = new StreamWriter(new FileStream(path, options));
        writer.Write(pem + "\n");
    }

    [GeneratedRegex(@"^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$")]
    private static partial Regex DnsName();
}
