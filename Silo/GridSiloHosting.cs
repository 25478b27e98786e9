using System.Net;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Grid.Grains;
using Grid.Silo.Configuration;
using Grid.Silo.Runner;
using Grid.Silo.Storage;
using Grid.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;

namespace Grid.Silo;

/// <summary>Configures a grid silo from the <c>Cluster</c>, <c>Storage</c>, <c>Runner</c>, <c>Scheduler</c> and <c>Membership</c> sections.</summary>
public static class GridSiloHosting
{
    public static void AddGridSilo(this HostApplicationBuilder builder)
    {
        var (cluster, storage, runner, scheduler) = SettingsLoader.Load(builder.Configuration);
        var membership = builder.Configuration.GetSection("Membership");
        builder.UseOrleans(silo =>
        {
            silo.Configure<ClusterOptions>(options =>
            {
                options.ClusterId = cluster.ClusterId;
                options.ServiceId = cluster.ServiceId;
            });
            silo.Configure<ClusterMembershipOptions>(membership);

            GridStores stores;
            if (cluster.Mode == "localhost")
            {
                silo.UseLocalhostClustering(cluster.SiloPort, cluster.GatewayPort);
                silo.AddMemoryGrainStorage(GridStorage.Name);
                stores = new GridStores(
                    new DirectoryBlobStore(Path.Combine(storage.LocalDirectory, "artifacts")),
                    new DirectoryBlobStore(Path.Combine(storage.LocalDirectory, "datasets")));
            }
            else
            {
                var connectionString = storage.ResolveConnectionString();
                if (string.IsNullOrEmpty(cluster.AdvertisedAddress))
                    silo.ConfigureEndpoints(cluster.SiloPort, cluster.GatewayPort, listenOnAnyHostAddress: true);
                else
                    silo.ConfigureEndpoints(IPAddress.Parse(cluster.AdvertisedAddress), cluster.SiloPort, cluster.GatewayPort, listenOnAnyHostAddress: true);
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
                var blobs = new BlobServiceClient(connectionString);
                stores = new GridStores(
                    new AzureBlobStore(blobs.GetBlobContainerClient(storage.ArtifactContainer)),
                    new AzureBlobStore(blobs.GetBlobContainerClient(storage.DatasetContainer)));
            }
            silo.AddGridRunner(stores, runner, scheduler);
        });
    }

    /// <summary>The grid's services on a silo whose clustering and grain storage are configured elsewhere (tests).</summary>
    public static ISiloBuilder AddGridRunner(this ISiloBuilder silo, GridStores stores, RunnerSettings runner, SchedulerOptions scheduler)
    {
        silo.Services.TryAddSingleton(TimeProvider.System);
        silo.Services.TryAddSingleton<IJobExecutor, LearningJobExecutor>();
        silo.Services.AddSingleton(stores);
        silo.Services.AddSingleton(Microsoft.Extensions.Options.Options.Create(runner));
        silo.Services.AddSingleton(Microsoft.Extensions.Options.Options.Create(scheduler));
        silo.Services.AddSingleton(_ => new SlotTable(SlotPlanner.Plan(runner)));
        silo.Services.AddSingleton<JobExecution>();
        silo.Services.AddHostedService<JobRunnerService>();
        return silo;
    }
}
