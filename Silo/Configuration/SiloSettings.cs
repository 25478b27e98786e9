using Grid.Configuration;
using Grid.Grains;

namespace Grid.Silo.Configuration;

/// <summary>Every section of the silo's configuration, bound and checked by <see cref="SettingsLoader"/>.</summary>
public sealed record SiloSettings(
    ClusterSettings Cluster,
    StorageSettings Storage,
    RunnerSettings Runner,
    SchedulerOptions Scheduler,
    DashboardSettings Dashboard);
