using System.Net;
using Azure.Data.Tables;
using Grid.Client;
using Grid.Client.Certificates;
using Grid.Tests.Cluster;
using Grid.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using Xunit;

namespace Grid.Tests.Deployment;

/// <summary>
/// Mutual TLS and the network rule on real silo processes: certificates from <c>grid cluster certs</c>'s code, a console
/// with a cluster certificate served, one without a certificate or with another CA's refused by the gateway; loopback
/// silos listen on loopback only; a silo on a network address refuses to start without TLS unless allowed.
/// </summary>
[Collection(DeploymentCollection.Name)]
[Trait("Category", "Process")]
public sealed class ClusterTlsTests(SiloProcessFixture fixture) : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);
    private readonly string _certificates = Directory.CreateTempSubdirectory("grid-tls-certs-").FullName;

    public void Dispose() => Directory.Delete(_certificates, recursive: true);

    /// <summary>A cluster CA with silo certificates for <paramref name="silos"/> and a client certificate "ops", in a folder of its own.</summary>
    private string Certificates(string name, params string[] silos)
    {
        var folder = Path.Combine(_certificates, name);
        ClusterCertificateFiles.Write(new CertificateSetRequest(folder, [.. silos.Select(s => (IReadOnlyList<string>)[s])], [["ops"]]));
        return folder;
    }

    /// <summary>The GRID_Cluster__Tls__ variables of one certificate pair of <paramref name="folder"/>.</summary>
    internal static Dictionary<string, string> TlsVariables(string folder, string pair) => new()
    {
        ["GRID_Cluster__Tls__CertificateFile"] = Path.Combine(folder, pair + ".pem"),
        ["GRID_Cluster__Tls__KeyFile"] = Path.Combine(folder, pair + ".key"),
        ["GRID_Cluster__Tls__CaCertificateFile"] = Path.Combine(folder, ClusterCertificateFiles.CaCertificate),
    };

    private static Dictionary<string, string> With(Dictionary<string, string> settings, Dictionary<string, string> more)
    {
        foreach (var (key, value) in more) settings[key] = value;
        return settings;
    }

    /// <summary>What the console needs of a silo's settings: the Cluster and Storage variables, a short connect timeout.</summary>
    private static Dictionary<string, string> ConsoleVariables(IReadOnlyDictionary<string, string> silo) =>
        silo.Where(e => e.Key.StartsWith("GRID_Storage__", StringComparison.Ordinal)
                || (e.Key.StartsWith("GRID_Cluster__", StringComparison.Ordinal) && !e.Key.StartsWith("GRID_Cluster__Tls__", StringComparison.Ordinal)))
            .Append(KeyValuePair.Create("GRID_Client__ConnectTimeout", "00:00:08"))
            .ToDictionary();

    private static IConfiguration Configuration(IReadOnlyDictionary<string, string> variables) => new ConfigurationBuilder().AddInMemoryCollection(
        variables.Select(e => KeyValuePair.Create(e.Key["GRID_".Length..].Replace("__", ":"), (string?)e.Value))).Build();

    [Fact]
    public async Task AConsoleWithAClusterCertificateIsServedAndOneWithoutOrFromAnotherCaIsRefusedByTheGateway()
    {
        var ours = Certificates("ours", "localhost");
        var theirs = Certificates("theirs");
        var settings = With(fixture.SiloSettings(SiloProcessFixture.NewClusterId("tls")), TlsVariables(ours, "silo-localhost"));
        await using var silo = await SiloProcess.StartAsync(settings, Limit);

        var console = With(ConsoleVariables(settings), TlsVariables(ours, "client-ops"));
        var (code, output, error) = await BuiltProcess.RunAsync(BuiltProcess.Console, console, Limit, "cluster");
        Assert.True(code == 0, $"grid cluster with the cluster's client certificate: exit {code}: {error}");
        Assert.StartsWith("1 silos, 1 slots", output);
        using (var host = await GridConnection.ConnectAsync(Configuration(console), CancellationToken.None))
        {
            var hosts = await host.Client().GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true);
            Assert.Equal(silo.SiloPort, Assert.Single(hosts).Key.Endpoint.Port);
            await host.StopAsync();
        }

        var refusalsBefore = Count(silo.Output, "Authentication failed");
        (code, output, error) = await BuiltProcess.RunAsync(BuiltProcess.Console, ConsoleVariables(settings), Limit, "cluster");
        Assert.Equal(3, code);
        Assert.Equal("", output);
        Assert.StartsWith("grid: cannot reach the grid cluster", Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
        Assert.True(await silo.WaitForOutputAsync(o => Count(o, "Authentication failed") > refusalsBefore, Limit),
            $"the gateway never refused the plain connection:\n{silo.Output}");

        // Another CA's client certificate, from a client that itself trusts anything: only the gateway can refuse it.
        var rejected = Count(silo.Output, "RemoteCertificateValidationCallback");
        await Assert.ThrowsAnyAsync<Exception>(() => ConnectWithForeignCertificateAsync(Configuration(console), Path.Combine(theirs, "client-ops")));
        Assert.True(await silo.WaitForOutputAsync(o => Count(o, "RemoteCertificateValidationCallback") > rejected, Limit),
            $"the gateway never rejected the foreign certificate:\n{silo.Output}");

        AssertListensOnLoopbackOnly(silo);
    }

    [Fact]
    public async Task AConsoleCertificateOpensTheGatewayButNotTheSiloPortWhileSilosFormAClusterWithTheirs()
    {
        var ours = Certificates("roles", "localhost");
        var clusterId = SiloProcessFixture.NewClusterId("roles");
        var settings = With(fixture.SiloSettings(clusterId), TlsVariables(ours, "silo-localhost"));
        await using var first = await SiloProcess.StartAsync(settings, Limit);
        await using var second = await SiloProcess.StartAsync(With(fixture.SiloSettings(clusterId), TlsVariables(ours, "silo-localhost")), Limit);

        using (var host = await GridConnection.ConnectAsync(Configuration(With(ConsoleVariables(settings), TlsVariables(ours, "client-ops"))), CancellationToken.None))
        {
            await Eventually.WaitAsync(() => host.Client().GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true), h => h.Count == 2, Limit, "both TLS silos active");
            await host.StopAsync();
        }

        // The console's certificate served above through the gateway; on the silo port it is dropped, where a silo's is answered.
        Assert.StartsWith("refused", await ProbeSiloPortAsync(first.SiloPort, Path.Combine(ours, "client-ops")));
        Assert.StartsWith("served", await ProbeSiloPortAsync(first.SiloPort, Path.Combine(ours, "silo-localhost")));
    }

    [Fact]
    public async Task ASiloGivenAConsoleCertificateRefusesToStartInOneLineWithExitTwo()
    {
        var ours = Certificates("console", "localhost");
        var settings = With(fixture.SiloSettings(SiloProcessFixture.NewClusterId("console")), TlsVariables(ours, "client-ops"));

        var (code, _, error) = await BuiltProcess.RunAsync(BuiltProcess.Silo, settings, Limit);

        Assert.Equal(2, code);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"grid-silo: Cluster:Tls:CertificateFile: {Path.Combine(ours, "client-ops.pem")} is not a silo certificate", line);
    }

    [Fact]
    public async Task ASiloAdvertisedOnLoopbackListensOnLoopbackOnlyWithOrWithoutTls()
    {
        await using var plain = await SiloProcess.StartAsync(fixture.SiloSettings(SiloProcessFixture.NewClusterId("loop")), Limit);

        AssertListensOnLoopbackOnly(plain);
    }

    [Fact]
    public async Task ASiloOnANetworkAddressWithoutTlsRefusesToStartInOneLineWithExitTwo()
    {
        var settings = fixture.SiloSettings(SiloProcessFixture.NewClusterId("open"));
        settings["GRID_Cluster__AdvertisedAddress"] = "198.51.100.7";

        var (code, _, error) = await BuiltProcess.RunAsync(BuiltProcess.Silo, settings, Limit);

        Assert.Equal(2, code);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("grid-silo: Cluster:AdvertisedAddress 198.51.100.7 is not loopback and Cluster:Tls is not configured", line);
        Assert.Contains("Cluster:AllowInsecureNetwork=true", line);
    }

    [NetworkNamespacesFact]
    public async Task ASiloOnANetworkAddressStartsWithTlsOrWhenInsecureNetworkIsAllowedAndListensOnEveryAddress()
    {
        using var network = TestNetwork.Create();
        network.Add("peer");
        var address = network.Gateway.ToString();
        var insecure = fixture.SiloSettings(SiloProcessFixture.NewClusterId("allowed"));
        insecure["GRID_Cluster__AdvertisedAddress"] = address;
        insecure["GRID_Cluster__AllowInsecureNetwork"] = "true";
        var secured = With(fixture.SiloSettings(SiloProcessFixture.NewClusterId("secured")), TlsVariables(Certificates("net", address), $"silo-{address}"));
        secured["GRID_Cluster__AdvertisedAddress"] = address;

        foreach (var settings in new[] { insecure, secured })
        {
            await using var silo = await SiloProcess.StartAsync(settings, Limit);
            var listeners = ListeningSockets.Of(silo.Id).Where(l => l.Port == silo.SiloPort || l.Port == silo.GatewayPort).ToList();
            Assert.Equal(2, listeners.Count);
            Assert.All(listeners, l => Assert.True(l.Address.Equals(IPAddress.Any) || l.Address.Equals(IPAddress.IPv6Any), $"{l} is not every address"));
            Assert.Contains($"{address}:{silo.SiloPort}", silo.Output);
        }
    }

    private static void AssertListensOnLoopbackOnly(SiloProcess silo)
    {
        var listeners = ListeningSockets.Of(silo.Id);
        Assert.Equal(new[] { silo.SiloPort, silo.GatewayPort }.Order(), listeners.Select(l => l.Port).Distinct().Order());
        Assert.All(listeners, l => Assert.True(IPAddress.IsLoopback(l.Address), $"listening on {l}"));
    }

    private static int Count(string text, string part) => text.Split(part).Length - 1;

    /// <summary>
    /// Connects to a silo port over TLS presenting <paramref name="pair"/>.pem/.key (and trusting any server certificate),
    /// then reads: a silo that accepts the peer sends its connection preamble at once ("served N bytes"); one that
    /// refuses it fails the handshake or closes the connection right after it ("refused: why"). .NET judges the peer's
    /// certificate after the native handshake on Linux, so the refusal may come as a close rather than a failed handshake.
    /// </summary>
    private static async Task<string> ProbeSiloPortAsync(int port, string pair)
    {
        using var pem = System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPemFile(pair + ".pem", pair + ".key");
        using var certificate = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadPkcs12(pem.Export(System.Security.Cryptography.X509Certificates.X509ContentType.Pkcs12), null);
        using var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, port);
        await using var tls = new System.Net.Security.SslStream(tcp.GetStream());
        using var limit = new CancellationTokenSource(Limit);
        try
        {
            await tls.AuthenticateAsClientAsync(new System.Net.Security.SslClientAuthenticationOptions
            {
                TargetHost = "localhost",
                ClientCertificates = [certificate],
                RemoteCertificateValidationCallback = (_, _, _, _) => true,
            }, limit.Token);
            var read = await tls.ReadAsync(new byte[256], limit.Token);
            return read == 0 ? "refused: closed after the handshake" : $"served {read} bytes";
        }
        catch (Exception error) when (error is System.Security.Authentication.AuthenticationException or IOException)
        {
            return $"refused: {error.Message}";
        }
    }

    /// <summary>An Orleans client presenting <paramref name="pair"/>.pem/.key and accepting any server certificate.</summary>
    private static async Task ConnectWithForeignCertificateAsync(IConfiguration configuration, string pair)
    {
        var certificate = System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPemFile(pair + ".pem", pair + ".key");
        var builder = Host.CreateApplicationBuilder();
        builder.UseOrleansClient(client =>
        {
            client.Configure<ClusterOptions>(options =>
            {
                options.ClusterId = configuration["Cluster:ClusterId"]!;
                options.ServiceId = configuration["Cluster:ServiceId"]!;
            });
            client.UseAzureStorageClustering(options =>
            {
                options.TableServiceClient = new TableServiceClient(configuration["Storage:ConnectionString"]);
                options.TableName = configuration["Storage:ClusteringTable"]!;
            });
            client.UseTls(certificate, options => options.AllowAnyRemoteCertificate());
        });
        using var host = builder.Build();
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await host.StartAsync(limit.Token);
        await host.Services.GetRequiredService<IClusterClient>().GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true).WaitAsync(limit.Token);
    }
}
