using Grid.Grains;
using Orleans.Serialization;
using System.CommandLine;
using Azure.Data.Tables;
using Grid.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;

namespace Grid.Client;

/// <summary>The cluster or storage could not be reached; the message names the address tried.</summary>
public sealed class GridUnreachableException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Connects the console to the cluster described by a configuration file (the silos' own
/// <c>orleans-config/*.json</c>), with <c>GRID_</c> environment variables overriding it.
/// </summary>
public static class GridConnection
{
    private static readonly TimeSpan DefaultConnectTimeout = TimeSpan.FromSeconds(15);

    public static Option<FileInfo?> ConfigOption() => new("--config")
    {
        Description = "Cluster configuration file (default: $GRID_CONFIG, else orleans-config/local.json)",
    };

    public static IConfiguration LoadConfiguration(FileInfo? file)
    {
        var path = file?.FullName ?? Environment.GetEnvironmentVariable("GRID_CONFIG") ?? Path.Combine("orleans-config", "local.json");
        var builder = new ConfigurationBuilder();
        if (File.Exists(path)) builder.AddJsonFile(Path.GetFullPath(path), optional: false);
        else if (file is not null) throw new FileNotFoundException($"--config: no file {file.FullName}");
        return builder.AddEnvironmentVariables("GRID_").Build();
    }

    public static async Task<IHost> ConnectAsync(IConfiguration configuration, CancellationToken cancellationToken)
    {
        var (cluster, storage) = GridSettings.Load(configuration);
        var connectionString = cluster.IsLocalhost ? null : storage.ResolveConnectionString();
        var address = cluster.IsLocalhost ? $"gateway 127.0.0.1:{cluster.GatewayPort}" : $"membership table at {TableEndpoint(connectionString!)}";

        var certificates = cluster.Tls.Enabled ? ClusterCertificates.Load(cluster.Tls) : null;
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        // Ctrl-C belongs to System.CommandLine, which cancels the running command; a console lifetime would swallow it.
        builder.Services.AddSingleton<IHostLifetime, CommandLifetime>();
        builder.UseOrleansClient(client =>
        {
            client.Services.AddSerializer(serializer => serializer.AddRequestRecords());
            client.Configure<ClientMessagingOptions>(configuration.GetSection("Messaging"));
            client.Configure<ClusterOptions>(options =>
            {
                options.ClusterId = cluster.ClusterId;
                options.ServiceId = cluster.ServiceId;
            });
            // Only a silo's certificate serves a gateway: a console's cannot pose as one.
            if (certificates is not null) client.UseTls(options => certificates.Apply(options, peerIsSilo: true));
            if (cluster.IsLocalhost)
                client.UseLocalhostClustering(cluster.GatewayPort);
            else
                client.UseAzureStorageClustering(options =>
                {
                    options.TableServiceClient = new TableServiceClient(connectionString);
                    options.TableName = storage.ClusteringTable;
                });
        });
        var host = builder.Build();
        var connectTimeout = configuration.GetValue("Client:ConnectTimeout", DefaultConnectTimeout);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(connectTimeout);
        try
        {
            await host.StartAsync(timeout.Token);
            return host;
        }
        catch (Exception error) when (error is not GridUnreachableException)
        {
            host.Dispose();
            var reason = error is OperationCanceledException ? $"no answer within {connectTimeout.TotalSeconds:F0} s" : FirstLine(error);
            throw new GridUnreachableException($"cannot reach the grid cluster ({address}): {reason}", error);
        }
    }

    public static IClusterClient Client(this IHost host) => host.Services.GetRequiredService<IClusterClient>();

    private static string TableEndpoint(string connectionString)
    {
        var parts = connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2)).Where(p => p.Length == 2)
            .ToDictionary(p => p[0].Trim(), p => p[1].Trim(), StringComparer.OrdinalIgnoreCase);
        if (parts.TryGetValue("TableEndpoint", out var endpoint)) return endpoint;
        return parts.TryGetValue("AccountName", out var account) ? $"https://{account}.table.core.windows.net" : "(no account in the connection string)";
    }

    private static string FirstLine(Exception error)
    {
        var innermost = error;
        while (innermost.InnerException is not null) innermost = innermost.InnerException;
        return innermost.Message.Split('\n')[0].Trim();
    }
}

/// <summary>A host lifetime that leaves process signals to the command line's own cancellation.</summary>
sealed class CommandLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
