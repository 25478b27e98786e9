using System.Net;
using System.Security.Cryptography.X509Certificates;
using Grid.Client;
using Grid.Client.Certificates;
using Grid.Configuration;
using Xunit;

namespace Grid.Tests.Deployment;

/// <summary><c>grid cluster certs</c>: the CA and leaf certificates it writes, key file modes, and what it refuses.</summary>
[Trait("Category", "Unit")]
public sealed class ClusterCertificateFilesTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("grid-certs-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static X509Certificate2 Read(string folder, string file) => X509CertificateLoader.LoadCertificateFromFile(Path.Combine(folder, file));

    private static IEnumerable<string> Usages(X509Certificate2 certificate) =>
        certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().Single().EnhancedKeyUsages.Cast<System.Security.Cryptography.Oid>().Select(o => o.Value!);

    [Fact]
    public void ItWritesACaAndSiloAndClientCertificatesWithTheirNamesAndPrivateKeysOnlyTheOwnerReads()
    {
        var folder = Path.Combine(_root, "certs");

        var written = ClusterCertificateFiles.Write(new CertificateSetRequest(folder, [["10.1.0.2", "silo-a"], ["b.example"]], [["ops"]]));

        Assert.Equal(new[] { "ca.pem", "ca.key", "silo-10.1.0.2.pem", "silo-10.1.0.2.key", "silo-b.example.pem", "silo-b.example.key", "client-ops.pem", "client-ops.key" },
            written.Select(Path.GetFileName));
        Assert.True(OperatingSystem.IsLinux(), "the grid runs on Linux");
        if (OperatingSystem.IsLinux())
            foreach (var key in written.Where(f => f.EndsWith(".key", StringComparison.Ordinal)))
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(key));
        using var ca = Read(folder, "ca.pem");
        using var silo = Read(folder, "silo-10.1.0.2.pem");
        using var client = Read(folder, "client-ops.pem");
        Assert.True(ca.Extensions.OfType<X509BasicConstraintsExtension>().Single().CertificateAuthority);
        Assert.Equal(ca.Subject, silo.Issuer);
        Assert.Equal("CN=10.1.0.2", silo.Subject);
        var names = silo.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();
        Assert.Equal([IPAddress.Parse("10.1.0.2")], names.EnumerateIPAddresses());
        Assert.Equal(["silo-a"], names.EnumerateDnsNames());
        Assert.Equal(["1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2"], Usages(silo).Order());
        Assert.Equal(["1.3.6.1.5.5.7.3.2"], Usages(client));
        Assert.True(ClusterCertificates.IsSilo(silo));
        Assert.False(ClusterCertificates.IsSilo(client));
        Assert.InRange((silo.NotAfter - DateTime.Now).TotalDays, 824, 825);
    }

    [Fact]
    public void OnlyACertificateWhoseExtendedKeyUsageNamesServerAndClientAuthenticationIsASilos()
    {
        using var key = System.Security.Cryptography.ECDsa.Create();
        X509Certificate2 With(params string[] usages)
        {
            var request = new CertificateRequest("CN=peer", key, System.Security.Cryptography.HashAlgorithmName.SHA256);
            if (usages.Length > 0)
                request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([.. usages.Select(u => new System.Security.Cryptography.Oid(u))], critical: false));
            return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddDays(1));
        }
        const string server = "1.3.6.1.5.5.7.3.1", client = "1.3.6.1.5.5.7.3.2";

        using var both = With(client, server);
        using var serverOnly = With(server);
        using var clientOnly = With(client);
        using var none = With();

        Assert.True(ClusterCertificates.IsSilo(both));
        Assert.False(ClusterCertificates.IsSilo(serverOnly));
        Assert.False(ClusterCertificates.IsSilo(clientOnly));
        // No extension means any use to X.509, but not a silo here: a user's CA must mark its silo certificates.
        Assert.False(ClusterCertificates.IsSilo(none));
    }

    [Fact]
    public void AnExistingCaSignsLaterCertificatesAndExistingFilesAreRefusedUnlessForced()
    {
        var folder = Path.Combine(_root, "grow");
        ClusterCertificateFiles.Write(new CertificateSetRequest(folder, [["a"]], []));
        var firstCa = File.ReadAllText(Path.Combine(folder, "ca.pem"));

        var added = ClusterCertificateFiles.Write(new CertificateSetRequest(folder, [["b"]], []));
        var again = Assert.Throws<BadOptionException>(() => ClusterCertificateFiles.Write(new CertificateSetRequest(folder, [["a"]], [])));
        ClusterCertificateFiles.Write(new CertificateSetRequest(folder, [["a"]], [], Force: true));

        Assert.Equal(["silo-b.pem", "silo-b.key"], added.Select(Path.GetFileName));
        using (var b = Read(folder, "silo-b.pem"))
        using (var ca = X509CertificateLoader.LoadCertificate(System.Text.Encoding.ASCII.GetBytes(firstCa)))
            Assert.Equal(ca.SubjectKeyIdentifier(), b.AuthorityKeyIdentifier());
        Assert.Equal($"--out: {Path.Combine(folder, "silo-a.pem")} exists (use --force to replace it)", again.Message);
        Assert.NotEqual(firstCa, File.ReadAllText(Path.Combine(folder, "ca.pem")));
    }

    [Theory]
    [InlineData(new[] { "--silo", "bad name" }, "--silo: 'bad name' is neither a DNS name nor an IP address")]
    [InlineData(new[] { "--client", "ops,-x" }, "--client: '-x' is neither a DNS name nor an IP address")]
    [InlineData(new[] { "--silo", "a", "--client", "a", "--silo", "a" }, "--silo/--client: two certificates would both be silo-a.pem")]
    [InlineData(new[] { "--days", "0" }, "--days must be in 1-3650 (got 0)")]
    public async Task BadOptionsEndWithOneLineAndExitTwoBeforeAnyFileIsWritten(string[] options, string expected)
    {
        var folder = Path.Combine(_root, "bad");
        var error = new StringWriter();
        var original = Console.Error;
        Console.SetError(error);
        int code;
        try
        {
            code = await GridCli.RunAsync(["cluster", "certs", "--out", folder, .. options]);
        }
        finally
        {
            Console.SetError(original);
        }

        Assert.Equal(2, code);
        Assert.StartsWith($"grid: {expected}", error.ToString());
        Assert.Single(error.ToString().TrimEnd().Split('\n'));
        Assert.False(Directory.Exists(folder));
    }
}

file static class KeyIdentifiers
{
    public static string SubjectKeyIdentifier(this X509Certificate2 certificate) =>
        certificate.Extensions.OfType<X509SubjectKeyIdentifierExtension>().Single().SubjectKeyIdentifier!;

    public static string AuthorityKeyIdentifier(this X509Certificate2 certificate) =>
        Convert.ToHexString(certificate.Extensions.OfType<X509AuthorityKeyIdentifierExtension>().Single().KeyIdentifier!.Value.Span);
}
