using Grid.Configuration;
using Grid.Silo;
using Grid.Silo.Configuration;

try
{
    await GridSiloHosting.RunAsync(args);
    return 0;
}
catch (GridConfigurationException error)
{
    Console.Error.WriteLine($"grid-silo: {error.Message}");
    return 2;
}
catch (Exception error) when (error is not OperationCanceledException)
{
    Console.Error.WriteLine($"grid-silo: cannot run: {error.GetType().Name}: {error.Message.Split('\n')[0]}");
    return 1;
}
