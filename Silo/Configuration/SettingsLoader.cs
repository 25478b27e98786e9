using Grid.Grains;
using Microsoft.Extensions.Configuration;

namespace Grid.Silo.Configuration;

/// <summary>Binds and checks the silo's configuration sections, failing with every problem's key.</summary>
public static class SettingsLoader
{
    public static (ClusterSettings Cluster, StorageSettings Storage, RunnerSettings Runner, SchedulerOptions Scheduler) Load(IConfiguration configuration)
    {
        var cluster = Bind<ClusterSettings>(configuration, ClusterSettings.Section);
        var storage = Bind<StorageSettings>(configuration, StorageSettings.Section);
        var runner = Bind<RunnerSettings>(configuration, RunnerSettings.Section);
        var scheduler = Bind<SchedulerOptions>(configuration, SchedulerOptions.Section);

        var problems = cluster.Problems().Concat(storage.Problems()).Concat(runner.Problems()).ToList();
        if (scheduler.LeaseTimeout <= runner.HeartbeatInterval)
            problems.Add($"{SchedulerOptions.Section}:LeaseTimeout ({scheduler.LeaseTimeout}) must exceed {RunnerSettings.Section}:HeartbeatInterval ({runner.HeartbeatInterval})");
        if (scheduler.ExpiryCheckInterval <= TimeSpan.Zero)
            problems.Add($"{SchedulerOptions.Section}:ExpiryCheckInterval must be positive (got {scheduler.ExpiryCheckInterval})");
        if (problems.Count > 0)
            throw new GridConfigurationException("invalid configuration: " + string.Join("; ", problems));
        return (cluster, storage, runner, scheduler);
    }

    private static T Bind<T>(IConfiguration configuration, string section) where T : new()
    {
        try
        {
            return configuration.GetSection(section).Get<T>() ?? new T();
        }
        catch (InvalidOperationException error)
        {
            throw new GridConfigurationException($"{section}: {error.Message}");
        }
    }
}
