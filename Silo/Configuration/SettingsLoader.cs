using Grid.Configuration;
using Grid.Grains;
using Microsoft.Extensions.Configuration;
using Orleans.Configuration;

namespace Grid.Silo.Configuration;

/// <summary>Binds and checks the silo's configuration sections, failing with every problem's key.</summary>
public static class SettingsLoader
{
    public const string MembershipSection = "Membership";

    /// <summary>Each section the silo reads and the type it binds to; a key in them that the type lacks is an error.</summary>
    public static IReadOnlyDictionary<string, Type> Sections { get; } = new Dictionary<string, Type>
    {
        [ClusterSettings.Section] = typeof(ClusterSettings),
        [StorageSettings.Section] = typeof(StorageSettings),
        [RunnerSettings.Section] = typeof(RunnerSettings),
        [SchedulerOptions.Section] = typeof(SchedulerOptions),
        [DashboardSettings.Section] = typeof(DashboardSettings),
        [MembershipSection] = typeof(ClusterMembershipOptions),
    };

    public static SiloSettings Load(IConfiguration configuration)
    {
        var problems = new List<string>();
        var cluster = Bind<ClusterSettings>(configuration, ClusterSettings.Section, problems);
        var storage = Bind<StorageSettings>(configuration, StorageSettings.Section, problems);
        var runner = Bind<RunnerSettings>(configuration, RunnerSettings.Section, problems);
        var scheduler = Bind<SchedulerOptions>(configuration, SchedulerOptions.Section, problems);
        var dashboard = Bind<DashboardSettings>(configuration, DashboardSettings.Section, problems);
        Bind<ClusterMembershipOptions>(configuration, MembershipSection, problems);

        problems.AddRange(cluster.Problems().Concat(storage.Problems()).Concat(runner.Problems()).Concat(dashboard.Problems(cluster)));
        if (scheduler.LeaseTimeout <= runner.HeartbeatInterval)
            problems.Add($"{SchedulerOptions.Section}:LeaseTimeout ({scheduler.LeaseTimeout}) must exceed {RunnerSettings.Section}:HeartbeatInterval ({runner.HeartbeatInterval})");
        if (scheduler.ExpiryCheckInterval <= TimeSpan.Zero)
            problems.Add($"{SchedulerOptions.Section}:ExpiryCheckInterval must be positive (got {scheduler.ExpiryCheckInterval})");
        foreach (var (name, interval) in new[] { ("LeaseTimeout", scheduler.LeaseTimeout), ("ExpiryCheckInterval", scheduler.ExpiryCheckInterval) })
            if (interval > RunnerSettings.MaxInterval)
                problems.Add($"{SchedulerOptions.Section}:{name} must be at most {RunnerSettings.MaxInterval} (got {interval})");
        if (scheduler.MaxInterruptions < 0)
            problems.Add($"{SchedulerOptions.Section}:MaxInterruptions must not be negative (got {scheduler.MaxInterruptions})");
        if (problems.Count > 0)
            throw new GridConfigurationException("invalid configuration: " + string.Join("; ", problems));
        return new SiloSettings(cluster, storage, runner, scheduler, dashboard);
    }

    /// <summary>Keys of <paramref name="values"/> that <paramref name="type"/> lacks, and so on down the grid's own nested sections (<c>Cluster:Tls</c>).</summary>
    private static void AddUnknownKeys(IConfigurationSection values, Type type, string path, List<string> problems)
    {
        foreach (var child in values.GetChildren())
        {
            var property = type.GetProperty(child.Key, System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.IgnoreCase);
            if (property is null) problems.Add($"{path}:{child.Key} is not a setting of this silo");
            else if (property.PropertyType.Namespace?.StartsWith("Grid", StringComparison.Ordinal) == true && property.PropertyType.IsClass)
                AddUnknownKeys(child, property.PropertyType, $"{path}:{child.Key}", problems);
        }
    }

    private static T Bind<T>(IConfiguration configuration, string section, List<string> problems) where T : new()
    {
        var values = configuration.GetSection(section);
        AddUnknownKeys(values, typeof(T), section, problems);
        try
        {
            return values.Get<T>() ?? new T();
        }
        catch (InvalidOperationException error)
        {
            problems.Add($"{section}: {error.Message}");
            return new T();
        }
    }
}
