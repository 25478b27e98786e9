using Orleans.Serialization;
using System.Net;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Grid.Configuration;
using Grid.Grains;
using Grid.Silo.Configuration;
using Grid.Silo.Runner;
using Grid.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Dashboard;

namespace Grid.Silo;

/// <summary>
/// Configures a grid silo from the <c>Cluster</c>, <c>Storage</c>, <c>Runner</c>, <c>Scheduler</c>, <c>Membership</c>
/// and <c>Dashboard</c> sections. With the dashboard on, the silo is a web application whose only HTTP listener is
/// the dashboard's port: on loopback, or (with Cluster:Tls and a password) HTTPS on <c>Dashboard:Address</c>;
/// otherwise a plain generic host with no HTTP listener at all.
/// </summary>
public static class GridSiloHosting
{
    public const string DashboardPath = "/dashboard";

    public static async Task RunAsync(string[] args)
    {
        var arguments = DashboardArguments.Expand(args);
        var host = Host.CreateApplicationBuilder(arguments);
        var settings = LoadSettings(host, arguments);
        if (!settings.Dashboard.Enabled)
        {
            host.AddGridSilo(settings);
            await host.Build().RunAsync();
            return;
        }
        var web = WebApplication.CreateBuilder(arguments);
        settings = LoadSettings(web, arguments);
        web.AddGridSilo(settings);
        web.WebHost.ConfigureKestrel(kestrel =>
        {
            // An empty endpoint configuration drops any Kestrel:Endpoints from the settings: loopback is the only listener.
            kestrel.Configure(new ConfigurationBuilder().Build());
            if (!settings.Dashboard.IsRemote)
                kestrel.Listen(IPAddress.Loopback, settings.Dashboard.Port);
            else
                kestrel.Listen(IPAddress.Parse(settings.Dashboard.Address), settings.Dashboard.Port,
                    listen => listen.UseHttps(kestrel.ApplicationServices.GetRequiredService<ClusterCertificates>().Certificate));
        });
        var app = web.Build();
        if (settings.Dashboard.IsRemote) app.Use(new DashboardPassword(settings.Dashboard.Password!).InvokeAsync);
        app.MapOrleansDashboard(DashboardPath);
        var url = settings.Dashboard.IsRemote
            ? $"https://{settings.Dashboard.Address}:{settings.Dashboard.Port}{DashboardPath} (password required)"
            : $"http://127.0.0.1:{settings.Dashboard.Port}{DashboardPath}";
        app.Lifetime.ApplicationStarted.Register(() =>
            app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Grid.Silo.Dashboard").LogInformation("Dashboard at {Url}", url));
        await app.RunAsync();
    }

    private static SiloSettings LoadSettings(IHostApplicationBuilder builder, string[] arguments)
    {
        GridConfigurationSources.Add(builder.Configuration, arguments);
        return SettingsLoader.Load(builder.Configuration);
    }

    public static void AddGridSilo(this IHostApplicationBuilder builder, SiloSettings settings)
    {
        var (cluster, storage, runner, scheduler, dashboard) = settings;
        var membership = builder.Configuration.GetSection(SettingsLoader.MembershipSection);
        // The shared sections once more through the options pipeline, so a host never starts on settings that fail their checks.
        GridSettings.AddTo(builder.Services);
        // Storage first: a missing connection string is the first thing an azure-mode silo needs to hear of.
        var stores = GridStores.Open(new GridSettings(cluster, storage));
        var advertised = cluster.IsLocalhost ? IPAddress.Loopback : SiloNetwork.Advertised(cluster);
        SiloNetwork.Check(cluster, advertised);
        var certificates = cluster.Tls.Enabled ? ClusterCertificates.Load(cluster.Tls) : null;
        certificates?.RequireSilo(cluster.Tls);
        if (certificates is not null) builder.Services.AddSingleton(certificates);
        builder.UseOrleans(silo =>
        {
            silo.Configure<ClusterOptions>(options =>
            {
                options.ClusterId = cluster.ClusterId;
                options.ServiceId = cluster.ServiceId;
            });
            silo.Configure<ClusterMembershipOptions>(membership);

            if (cluster.IsLocalhost)
            {
                silo.UseLocalhostClustering(cluster.SiloPort, cluster.GatewayPort);
                silo.AddMemoryGrainStorage(GridStorage.Name);
            }
            else
            {
                var connectionString = storage.ResolveConnectionString();
                silo.ConfigureEndpoints(advertised, cluster.SiloPort, cluster.GatewayPort, listenOnAnyHostAddress: SiloNetwork.ListensOnAnyAddress(advertised));
                silo.UseAzureStorageClustering(options =>
                {
                    options.TableServiceClient = new TableServiceClient(connectionString);
                    options.TableName = storage.ClusteringTable;
                });
                silo.AddAzureBlobGrainStorage(GridStorage.Name, options =>
                {
                    options.BlobServiceClient = new BlobServiceClient(connectionString);
                    options.ContainerName = storage.GrainContainer;
                });
            }
            if (certificates is not null) UseTls(silo, certificates);
            silo.AddGridRunner(stores, runner, scheduler);
            if (dashboard.Enabled) silo.AddDashboard();
        });
    }

    /// <summary>
    /// Mutual TLS on both ports with a role each: the silo port, and the silos this one calls, only with a silo's
    /// certificate; the gateway with any certificate of the cluster CA (consoles'). Orleans' own <c>UseTls</c> applies
    /// one validation to every connection, so a console's certificate would open the silo port.
    /// </summary>
    private static void UseTls(ISiloBuilder silo, ClusterCertificates certificates) =>
        silo.Configure<SiloConnectionOptions>(connections =>
        {
            connections.ConfigureSiloInboundConnection(connection => connection.UseServerTls(certificates.Options(peerIsSilo: true)));
            connections.ConfigureSiloOutboundConnection(connection => connection.UseClientTls(certificates.Options(peerIsSilo: true)));
            connections.ConfigureGatewayInboundConnection(connection => connection.UseServerTls(certificates.Options(peerIsSilo: false)));
        });

    /// <summary>The grid's services on a silo whose clustering and grain storage are configured elsewhere (tests).</summary>
    public static ISiloBuilder AddGridRunner(this ISiloBuilder silo, GridStores stores, RunnerSettings runner, SchedulerOptions scheduler)
    {
        silo.Services.AddSerializer(serializer => serializer.AddRequestRecords());
        silo.Services.TryAddSingleton(TimeProvider.System);
        if (runner.Executor == RunnerSettings.SimulatedExecutor)
            silo.Services.TryAddSingleton<IJobExecutor>(new SimulatedJobExecutor(runner.SimulatedEpoch));
        else
            silo.Services.TryAddSingleton<IJobExecutor, LearningJobExecutor>();
        silo.Services.AddSingleton(stores);
        silo.Services.AddSingleton(Microsoft.Extensions.Options.Options.Create(runner));
        silo.Services.AddSingleton(Microsoft.Extensions.Options.Options.Create(scheduler));
        silo.Services.AddSingleton(_ => new SlotTable(SlotPlanner.Plan(runner)));
        silo.Services.AddSingleton<JobExecution>();
        silo.Services.AddHostedService<JobRunnerService>();
        silo.Services.AddHostedService<PlannerWarmUp>();
        return silo;
    }
}
