using System.Net;
using System.Security.Cryptography.X509Certificates;
using Grid.Client.Certificates;
using Grid.Configuration;
using Grid.Silo.Configuration;
using Xunit;

namespace Grid.Tests.Deployment;

/// <summary>Section Cluster:Tls: the files are checked at start by name, peers are trusted through the cluster CA only, and the network rule.</summary>
[Trait("Category", "Unit")]
public sealed class ClusterTlsSettingsTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("grid-tls-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Folder(string name) => Path.Combine(_root, name);

    /// <summary>A CA, silo "a" and client "ops" in <paramref name="name"/>.</summary>
    private string Written(string name)
    {
        ClusterCertificateFiles.Write(new CertificateSetRequest(Folder(name), [["a", "127.0.0.1"]], [["ops"]]));
        return Folder(name);
    }

    private static ClusterTlsSettings Silo(string folder) => new()
    {
        CertificateFile = Path.Combine(folder, "silo-a.pem"),
        KeyFile = Path.Combine(folder, "silo-a.key"),
        CaCertificateFile = Path.Combine(folder, "ca.pem"),
    };

    [Fact]
    public void AWrittenSetLoadsWithoutProblemsAndItsCertificatesAreAccepted()
    {
        var folder = Written("set");

        Assert.Empty(Silo(folder).Problems());
        using var certificates = ClusterCertificates.Load(Silo(folder));
        using var client = X509Certificate2.CreateFromPemFile(Path.Combine(folder, "client-ops.pem"), Path.Combine(folder, "client-ops.key"));
        Assert.True(certificates.Certificate.HasPrivateKey);
        Assert.True(certificates.Accepts(client, out var why), why);
    }

    [Fact]
    public void ACertificateOfAnotherCaOrSelfSignedIsNotAccepted()
    {
        using var certificates = ClusterCertificates.Load(Silo(Written("ours")));
        var theirs = Written("theirs");
        using var foreign = X509CertificateLoader.LoadCertificateFromFile(Path.Combine(theirs, "client-ops.pem"));
        using var authority = ClusterCertificateAuthority.Create("grid cluster CA");

        Assert.False(certificates.Accepts(foreign, out var why));
        Assert.Contains("PartialChain", why); // its issuer is no certificate this cluster knows
        Assert.False(certificates.Accepts(authority.Certificate, out _), "a self-signed certificate with the same CA name");
    }

    [Fact]
    public void TlsIsOffByDefaultAndHalfASettingIsRefusedByName()
    {
        Assert.False(new ClusterSettings().Tls.Enabled);
        Assert.Empty(new ClusterSettings().Problems());

        var problems = new ClusterTlsSettings { CaCertificateFile = "ca.pem" }.Problems().ToList();

        Assert.Equal(["Cluster:Tls:CaCertificateFile is set but Cluster:Tls:CertificateFile is not"], problems);
    }

    [Fact]
    public void MissingFilesAreNamedBySetting()
    {
        var folder = Written("missing");

        Assert.Equal($"Cluster:Tls:CertificateFile: no file {Folder("none.pem")}",
            Assert.Single(Silo(folder).With(s => s.CertificateFile = Folder("none.pem")).Problems()));
        Assert.Equal($"Cluster:Tls:KeyFile: no file {Folder("none.key")}",
            Assert.Single(Silo(folder).With(s => s.KeyFile = Folder("none.key")).Problems()));
        Assert.Contains("Cluster:Tls:CaCertificateFile must be set",
            Assert.Single(Silo(folder).With(s => s.CaCertificateFile = null).Problems()));
    }

    [Fact]
    public void AKeyOfAnotherCertificateIsRefusedNamingTheKeyFile()
    {
        var folder = Written("mismatch");

        var problem = Assert.Single(Silo(folder).With(s => s.KeyFile = Path.Combine(folder, "client-ops.key")).Problems());

        Assert.StartsWith($"Cluster:Tls:KeyFile: {Path.Combine(folder, "client-ops.key")} does not hold the private key of Cluster:Tls:CertificateFile", problem);
    }

    [Fact]
    public void AnOwnCertificateFromAnotherCaIsRefused()
    {
        var ours = Written("own");
        var theirs = Written("other");

        var problem = Assert.Single(Silo(ours).With(s => s.CaCertificateFile = Path.Combine(theirs, "ca.pem")).Problems());

        Assert.Contains("is not accepted by the CA of Cluster:Tls:CaCertificateFile", problem);
    }

    [Fact]
    public void APkcs12FileLoadsWithItsPasswordAndAWrongPasswordIsNeverQuoted()
    {
        var folder = Written("pfx");
        using (var certificate = X509Certificate2.CreateFromPemFile(Path.Combine(folder, "silo-a.pem"), Path.Combine(folder, "silo-a.key")))
            File.WriteAllBytes(Path.Combine(folder, "silo-a.pfx"), certificate.Export(X509ContentType.Pkcs12, "right-horse-battery"));
        var pfx = new ClusterTlsSettings { CertificateFile = Path.Combine(folder, "silo-a.pfx"), CaCertificateFile = Path.Combine(folder, "ca.pem") };

        Assert.Empty(pfx.With(s => s.Password = "right-horse-battery").Problems());
        File.WriteAllText(Path.Combine(folder, "password"), "right-horse-battery\n");
        Assert.Empty(pfx.With(s => { s.Password = null; s.PasswordFile = Path.Combine(folder, "password"); }).Problems());
        var problem = Assert.Single(pfx.With(s => { s.PasswordFile = null; s.Password = "wrong-staple-1234"; }).Problems());
        Assert.StartsWith("Cluster:Tls:CertificateFile: ", problem);
        Assert.DoesNotContain("wrong-staple-1234", problem);
        Assert.DoesNotContain("right-horse-battery", problem);
    }

    [Fact]
    public void AnUnknownKeyUnderClusterTlsIsRefusedByTheSilo()
    {
        var error = Assert.Throws<GridConfigurationException>(() => SettingsLoader.Load(SiloConfigurationTests.Configuration(("Cluster:Tls:CertFile", "x.pem"))));

        Assert.Contains("Cluster:Tls:CertFile is not a setting of this silo", error.Message);
    }

    [Fact]
    public void ASiloOnANetworkAddressNeedsTlsOrAnExplicitInsecureSetting()
    {
        var network = IPAddress.Parse("198.51.100.7");
        var cluster = new ClusterSettings { AdvertisedAddress = "198.51.100.7" };

        var error = Assert.Throws<GridConfigurationException>(() => SiloNetwork.Check(cluster, network));

        Assert.StartsWith("Cluster:AdvertisedAddress 198.51.100.7 is not loopback and Cluster:Tls is not configured", error.Message);
        Assert.Contains("Cluster:AllowInsecureNetwork=true", error.Message);
        Assert.DoesNotContain('\n', error.Message);
        SiloNetwork.Check(new ClusterSettings { AdvertisedAddress = "198.51.100.7", AllowInsecureNetwork = true }, network);
        SiloNetwork.Check(new ClusterSettings { AdvertisedAddress = "198.51.100.7", Tls = Silo(Written("net")) }, network);
        SiloNetwork.Check(new ClusterSettings { AdvertisedAddress = "127.0.0.1" }, IPAddress.Loopback);
        Assert.False(SiloNetwork.ListensOnAnyAddress(IPAddress.Loopback));
        Assert.True(SiloNetwork.ListensOnAnyAddress(network));
    }
}

file static class TlsSettingsCopies
{
    /// <summary>A copy of <paramref name="settings"/> changed by <paramref name="change"/>.</summary>
    public static ClusterTlsSettings With(this ClusterTlsSettings settings, Action<ClusterTlsSettings> change)
    {
        var copy = new ClusterTlsSettings
        {
            CertificateFile = settings.CertificateFile,
            KeyFile = settings.KeyFile,
            Password = settings.Password,
            PasswordFile = settings.PasswordFile,
            CaCertificateFile = settings.CaCertificateFile,
        };
        change(copy);
        return copy;
    }
}
