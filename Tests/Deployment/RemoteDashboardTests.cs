using System.Net;
using Grid.Client.Certificates;
using Grid.Configuration;
using Grid.Tests.Cluster;
using Grid.Tests.Infrastructure;
using Xunit;

namespace Grid.Tests.Deployment;

/// <summary>
/// A real silo serving the dashboard on a network address (the bridge address of a <see cref="TestNetwork"/>) with
/// Cluster:Tls and a password: HTTPS with the silo's cluster certificate, 401 without the password, 200 with it.
/// </summary>
[Collection(DeploymentCollection.Name)]
[Trait("Category", "Process")]
public sealed class RemoteDashboardTests(SiloProcessFixture fixture)
{
    private const string Password = "correct horse battery staple";

    [NetworkNamespacesFact]
    public async Task OffLoopbackTheDashboardIsHttpsWithTheClusterCertificateAndNeedsThePassword()
    {
        using var network = TestNetwork.Create();
        network.Add("peer");
        var address = network.Gateway.ToString();
        var certificates = Directory.CreateTempSubdirectory("grid-dashboard-certs-").FullName;
        try
        {
            ClusterCertificateFiles.Write(new CertificateSetRequest(certificates, [[address]], []));
            var settings = fixture.SiloSettings(SiloProcessFixture.NewClusterId("dashtls"));
            foreach (var (key, value) in ClusterTlsTests.TlsVariables(certificates, $"silo-{address}")) settings[key] = value;
            settings["GRID_Dashboard__Address"] = address;
            settings["GRID_Dashboard__Password"] = Password;
            var port = FreePorts.Take(1)[0];
            await using var silo = await SiloProcess.StartAsync(settings, TimeSpan.FromSeconds(60), ["--dashboard", port.ToString()]);

            using var trusted = ClusterCertificates.Load(new ClusterTlsSettings
            {
                CertificateFile = Path.Combine(certificates, $"silo-{address}.pem"),
                KeyFile = Path.Combine(certificates, $"silo-{address}.key"),
                CaCertificateFile = Path.Combine(certificates, ClusterCertificateFiles.CaCertificate),
            });
            // The page itself: .NET sends no credentials after a redirect (/dashboard answers 301 to /dashboard/).
            var url = $"https://{address}:{port}/dashboard/";

            using var anonymous = await GetWhenListeningAsync(trusted, url, null);
            using var wrong = await GetWhenListeningAsync(trusted, url, "wrong password");
            using var right = await GetWhenListeningAsync(trusted, url, Password);

            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
            Assert.Equal(HttpStatusCode.OK, right.StatusCode);
            Assert.Contains("<html", await right.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
            Assert.Contains(ListeningSockets.Of(silo.Id), l => l.Port == port && l.Address.Equals(network.Gateway));
            using var plain = new HttpClient { Timeout = TimeSpan.FromSeconds(20) };
            try
            {
                using var cleartext = await plain.GetAsync($"http://{address}:{port}/dashboard");
                Assert.NotEqual(HttpStatusCode.OK, cleartext.StatusCode);
            }
            catch (HttpRequestException)
            {
                // Refused outright: no plain HTTP off loopback.
            }
        }
        finally
        {
            Directory.Delete(certificates, recursive: true);
        }
    }

    /// <summary>A GET over HTTPS trusting only the cluster CA, with basic credentials (answered to every challenge, redirects included) when given.</summary>
    private static async Task<HttpResponseMessage> GetWhenListeningAsync(ClusterCertificates trusted, string url, string? password)
    {
        using var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, certificate, _, _) => certificate is not null && trusted.Accepts(certificate, out _) };
        if (password is not null) handler.Credentials = new NetworkCredential("ops", password);
        using var http = new HttpClient(handler, disposeHandler: false) { Timeout = TimeSpan.FromSeconds(20) };
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            try
            {
                var response = await http.GetAsync(url);
                await response.Content.LoadIntoBufferAsync();
                return response;
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(200);
            }
        }
    }
}
