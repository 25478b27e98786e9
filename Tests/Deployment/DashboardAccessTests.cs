using System.Text;
using Grid.Client.Certificates;
using Grid.Configuration;
using Grid.Silo.Configuration;
using Xunit;

namespace Grid.Tests.Deployment;

/// <summary>The dashboard off loopback: only with Cluster:Tls and a password, and the password check itself.</summary>
[Trait("Category", "Unit")]
public sealed class DashboardAccessTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("grid-dashboard-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private ClusterSettings WithTls()
    {
        ClusterCertificateFiles.Write(new CertificateSetRequest(_root, [["a"]], [], Force: true));
        return new ClusterSettings
        {
            Tls = new ClusterTlsSettings
            {
                CertificateFile = Path.Combine(_root, "silo-a.pem"),
                KeyFile = Path.Combine(_root, "silo-a.key"),
                CaCertificateFile = Path.Combine(_root, "ca.pem"),
            },
        };
    }

    [Fact]
    public void TheDashboardStaysOnLoopbackUnlessTlsAndAPasswordAreConfigured()
    {
        var remote = new DashboardSettings { Enabled = true, Address = "0.0.0.0" };

        Assert.False(new DashboardSettings().IsRemote);
        Assert.Empty(new DashboardSettings { Enabled = true }.Problems(new ClusterSettings()));
        Assert.Equal(["Dashboard:Address 0.0.0.0 is not loopback: the dashboard leaves loopback only with Cluster:Tls configured (it is served over HTTPS)"],
            remote.Problems(new ClusterSettings()));
        Assert.Equal(["Dashboard:Address 0.0.0.0 is not loopback: the dashboard leaves loopback only with Dashboard:Password set"],
            remote.Problems(WithTls()));
        remote.Password = "a long dashboard password";
        Assert.Empty(remote.Problems(WithTls()));
        Assert.True(remote.IsRemote);
        Assert.Equal(["Dashboard:Address must be an IP address (got 'anywhere')"], new DashboardSettings { Address = "anywhere" }.Problems(new ClusterSettings()));
    }

    [Theory]
    [InlineData("anyone:a long dashboard password", true)]
    [InlineData(":a long dashboard password", true)]
    [InlineData("anyone:a long dashboard passwor", false)]
    [InlineData("anyone:", false)]
    [InlineData("a long dashboard password", false)]
    public void ThePasswordIsCheckedWhateverTheUserName(string credentials, bool authorized)
    {
        var password = new DashboardPassword("a long dashboard password");

        Assert.Equal(authorized, password.Authorized("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials))));
        Assert.False(password.Authorized("Bearer " + Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials))));
        Assert.False(password.Authorized("Basic not-base64!"));
        Assert.False(password.Authorized(""));
    }
}
