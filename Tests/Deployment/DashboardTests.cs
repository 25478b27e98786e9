using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Net;
using Grid.Tests.Cluster;
using Grid.Tests.Infrastructure;
using Xunit;

namespace Grid.Tests.Deployment;

/// <summary><c>grid silo --dashboard PORT</c> as a real process on Azurite: the dashboard answers, on loopback only.</summary>
[Collection(DeploymentCollection.Name)]
[Trait("Category", "Process")]
public sealed class DashboardTests(SiloProcessFixture fixture)
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    private static async Task<HttpResponseMessage> GetWhenListeningAsync(HttpClient http, string url)
    {
        var deadline = DateTime.UtcNow + Limit;
        while (true)
        {
            try
            {
                return await http.GetAsync(url);
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(200);
            }
        }
    }

    private static IEnumerable<IPAddress> NonLoopbackAddresses() =>
        NetworkInterface.GetAllNetworkInterfaces()
            .Where(n => n.OperationalStatus == OperationalStatus.Up)
            .SelectMany(n => n.GetIPProperties().UnicastAddresses)
            .Select(u => u.Address)
            .Where(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a));

    [Fact]
    public async Task TheDashboardServesOnItsPortAndListensOnLoopbackOnlyEvenWhenOtherSettingsAskForMore()
    {
        var (port, urlsPort, endpointPort) = FreePorts.Take(3) switch { var p => (p[0], p[1], p[2]) };
        await using var silo = await SiloProcess.StartAsync(fixture.SiloSettings(SiloProcessFixture.NewClusterId("dash")), Limit,
            ["--dashboard", port.ToString(), "--urls", $"http://0.0.0.0:{urlsPort}", "--Kestrel:Endpoints:Any:Url", $"http://0.0.0.0:{endpointPort}"]);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(20) };

        using var response = await GetWhenListeningAsync(http, $"http://127.0.0.1:{port}/dashboard");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<html", await response.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
        var listeners = ListeningSockets.Of(silo.Id);
        var dashboard = listeners.Where(l => l.Port == port).ToList();
        Assert.NotEmpty(dashboard);
        Assert.All(dashboard, l => Assert.Equal(IPAddress.Loopback, l.Address));
        Assert.Equal(new[] { port, silo.SiloPort, silo.GatewayPort }.Order(), listeners.Select(l => l.Port).Distinct().Order());
        foreach (var address in NonLoopbackAddresses())
        {
            using var client = new TcpClient();
            await Assert.ThrowsAsync<SocketException>(() => client.ConnectAsync(address, port));
        }
    }
}
