using System.CommandLine;
using Azure.Data.Tables;
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

    /// <summary>The Azure Storage connection string of the configuration, or null in localhost mode.</summary>
    public static string? StorageConnectionString(IConfiguration configuration)
    {
        if (IsLocalhost(configuration)) return null;
        var text = configuration["Storage:ConnectionString"];
        if (string.IsNullOrWhiteSpace(text) && configuration["Storage:ConnectionStringFile"] is { Length: > 0 } secrets && File.Exists(secrets))
            text = File.ReadAllText(secrets).Trim();
        if (string.IsNullOrWhiteSpace(text))
            throw new GridUnreachableException("Storage:ConnectionString is not set: set GRID_Storage__ConnectionString or Storage:ConnectionStringFile");
        CheckConnectionString(text);
        return text;
    }

    private static readonly HashSet<string> ConnectionStringKeys = new(StringComparer.OrdinalIgnoreCase)
    {
        "DefaultEndpointsProtocol", "AccountName", "AccountKey", "BlobEndpoint", "QueueEndpoint", "TableEndpoint", "FileEndpoint",
        "EndpointSuffix", "SharedAccessSignature", "UseDevelopmentStorage", "DevelopmentStorageProxyUri",
    };

    /// <summary>Refuses a mistyped connection string naming its keys, never their values (the account key is a secret).</summary>
    private static void CheckConnectionString(string text)
    {
        var keys = SecretText.Keys(text);
        var malformed = text.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Any(part => !part.Contains('='));
        var unknown = keys.Where(key => !ConnectionStringKeys.Contains(key)).ToArray();
        if (malformed || unknown.Length > 0 || keys.Count == 0)
            throw new BadOptionException(
                $"Storage:ConnectionString is not an Azure Storage connection string (keys given: {string.Join(", ", keys)}"
                + (unknown.Length > 0 ? $"; unknown: {string.Join(", ", unknown)}" : "")
                + (malformed ? "; a part without '='" : "") + ")");
        try
        {
            _ = new TableServiceClient(text);
        }
        catch (Exception error) when (error is FormatException or ArgumentException or InvalidOperationException or UriFormatException)
        {
            throw new BadOptionException($"Storage:ConnectionString is not usable (keys given: {string.Join(", ", keys)})");
        }
    }

    public static async Task<IHost> ConnectAsync(IConfiguration configuration, CancellationToken cancellationToken)
    {
        var localhost = IsLocalhost(configuration);
        var gatewayPort = configuration.GetValue("Cluster:GatewayPort", 30000);
        var connectionString = StorageConnectionString(configuration);
        var address = localhost ? $"gateway 127.0.0.1:{gatewayPort}" : $"membership table at {TableEndpoint(connectionString!)}";

        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        // Ctrl-C belongs to System.CommandLine, which cancels the running command; a console lifetime would swallow it.
        builder.Services.AddSingleton<IHostLifetime, CommandLifetime>();
        builder.UseOrleansClient(client =>
        {
            client.Configure<ClientMessagingOptions>(configuration.GetSection("Messaging"));
            client.Configure<ClusterOptions>(options =>
            {
                options.ClusterId = configuration["Cluster:ClusterId"] ?? "grid";
                options.ServiceId = configuration["Cluster:ServiceId"] ?? "grid";
            });
            if (localhost)
                client.UseLocalhostClustering(gatewayPort);
            else
                client.UseAzureStorageClustering(options =>
                {
                    options.TableServiceClient = new TableServiceClient(connectionString);
                    options.TableName = configuration["Storage:ClusteringTable"] ?? "GridMembership";
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

    private static bool IsLocalhost(IConfiguration configuration) =>
        string.Equals(configuration["Cluster:Mode"] ?? "azure", "localhost", StringComparison.OrdinalIgnoreCase);

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
