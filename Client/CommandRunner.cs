using Grid.Configuration;
using Grid.Grains.Specs;

namespace Grid.Client;

/// <summary>Runs a grid command against the cluster, turning the expected failures into one line and an exit code.</summary>
static class CommandRunner
{
    public const int Ok = 0;
    public const int BadInput = 2;
    public const int Unreachable = 3;
    public const int NotFound = 4;

    public static async Task<int> WithClusterAsync(FileInfo? config, CancellationToken cancellationToken, Func<IClusterClient, Task<int>> action)
    {
        try
        {
            using var host = await GridConnection.ConnectAsync(GridConnection.LoadConfiguration(config), cancellationToken);
            try
            {
                return await action(host.Client());
            }
            finally
            {
                await host.StopAsync(CancellationToken.None);
            }
        }
        catch (Exception error)
        {
            return Report(error);
        }
    }

    public static int Report(Exception error)
    {
        var (code, message) = error switch
        {
            GridUnreachableException => (Unreachable, error.Message),
            SpecException => (BadInput, $"invalid spec: {error.Message}"),
            GridConfigurationException => (BadInput, error.Message),
            BadOptionException or FormatException => (BadInput, error.Message),
            FileNotFoundException or DirectoryNotFoundException => (BadInput, error.Message),
            KeyNotFoundException => (NotFound, error.Message),
            InvalidDataException => (1, error.Message),
            OperationCanceledException => (1, "cancelled"),
            _ => (1, $"{error.GetType().Name}: {error.Message.Split('\n')[0]}"),
        };
        Console.Error.WriteLine($"grid: {SecretText.Redact(message.Split('\n')[0].TrimEnd())}");
        return code;
    }
}
