using Grid.Configuration;
using Grid.Silo.Configuration;
using Grid.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Xunit;

namespace Grid.Tests.Deployment;

/// <summary>Each shipped orleans-config file through the silo's own settings loader, and the Dashboard section and switch.</summary>
[Trait("Category", "Unit")]
public sealed class SiloConfigurationTests
{
    internal static IConfiguration Configuration(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => KeyValuePair.Create(v.Key, (string?)v.Value))).Build();

    public static TheoryData<string> ConfigFiles() =>
        [.. Directory.GetFiles(Path.Combine(RepositoryRoot.Path, "orleans-config"), "*.json").Select(path => Path.GetFileName(path)).Order()];

    [Theory]
    [MemberData(nameof(ConfigFiles))]
    public void EveryShippedConfigFileBindsValidatesAndHasOnlyKnownSections(string file)
    {
        var configuration = new ConfigurationBuilder().AddJsonFile(Path.Combine(RepositoryRoot.Path, "orleans-config", file)).Build();

        var settings = SettingsLoader.Load(configuration);

        Assert.Contains(settings.Cluster.Mode, new[] { "azure", "localhost" });
        Assert.False(settings.Dashboard.Enabled, $"{file}: the dashboard is off unless asked for");
        foreach (var section in configuration.GetChildren())
            Assert.True(SettingsLoader.Sections.ContainsKey(section.Key) || section.Key == "Logging", $"{file}: unknown section {section.Key}");
    }

    [Fact]
    public void AnUnknownKeyInAKnownSectionIsRefusedByName()
    {
        var error = Assert.Throws<GridConfigurationException>(() => SettingsLoader.Load(Configuration(
            ("Runner:CpuSlot", "2"), ("Membership:ProbeTimout", "00:00:01"), ("Dashboard:Port", "9000"))));

        Assert.Contains("Runner:CpuSlot is not a setting", error.Message);
        Assert.Contains("Membership:ProbeTimout is not a setting", error.Message);
        Assert.DoesNotContain("Dashboard", error.Message);
    }

    [Fact]
    public void DataWorkersDefaultToTheCoreCountAndMustBePositive()
    {
        Assert.Equal(Environment.ProcessorCount, SettingsLoader.Load(Configuration()).Runner.DataWorkers);
        Assert.Equal(3, SettingsLoader.Load(Configuration(("Runner:DataWorkers", "3"))).Runner.DataWorkers);
        var error = Assert.Throws<GridConfigurationException>(() => SettingsLoader.Load(Configuration(("Runner:DataWorkers", "0"))));
        Assert.Contains("Runner:DataWorkers must be at least 1 (got 0)", error.Message);
    }

    [Fact]
    public void BatchWorkersDefaultToOneAndMustNotBeNegative()
    {
        Assert.Equal(1, SettingsLoader.Load(Configuration()).Runner.BatchWorkers);
        Assert.Equal(0, SettingsLoader.Load(Configuration(("Runner:BatchWorkers", "0"))).Runner.BatchWorkers);
        var error = Assert.Throws<GridConfigurationException>(() => SettingsLoader.Load(Configuration(("Runner:BatchWorkers", "-1"))));
        Assert.Contains("Runner:BatchWorkers must not be negative (got -1)", error.Message);
    }

    [Theory]
    [InlineData("0", "Dashboard:Port must be in 1-65535 (got 0)")]
    [InlineData("70000", "Dashboard:Port must be in 1-65535 (got 70000)")]
    [InlineData("11111", "Dashboard:Port (11111) must differ from Cluster:SiloPort and Cluster:GatewayPort")]
    [InlineData("x", "Failed to convert configuration value 'x' at 'Dashboard:Port'")]
    public void ABadDashboardPortIsRefusedByName(string port, string expected)
    {
        var error = Assert.Throws<GridConfigurationException>(() =>
            SettingsLoader.Load(Configuration(("Dashboard:Enabled", "true"), ("Dashboard:Port", port))));

        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void TheDashboardIsOffByDefaultOnPort8080()
    {
        var dashboard = SettingsLoader.Load(Configuration()).Dashboard;

        Assert.False(dashboard.Enabled);
        Assert.Equal(8080, dashboard.Port);
    }

    [Theory]
    [InlineData(new[] { "--config", "c.json" }, new[] { "--config", "c.json" })]
    [InlineData(new[] { "--dashboard" }, new[] { "--Dashboard:Enabled=true" })]
    [InlineData(new[] { "--dashboard", "9000" }, new[] { "--Dashboard:Enabled=true", "--Dashboard:Port=9000" })]
    [InlineData(new[] { "--dashboard=9001", "--config", "c.json" }, new[] { "--Dashboard:Enabled=true", "--Dashboard:Port=9001", "--config", "c.json" })]
    [InlineData(new[] { "--dashboard", "--config", "c.json" }, new[] { "--Dashboard:Enabled=true", "--config", "c.json" })]
    public void TheDashboardSwitchBecomesConfigurationKeys(string[] args, string[] expected)
    {
        Assert.Equal(expected, DashboardArguments.Expand(args));
    }

    [Fact]
    public void TheDashboardSwitchTakesTheLastWordOnTheCommandLine()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection([KeyValuePair.Create("Dashboard:Port", (string?)"1234")])
            .AddCommandLine(DashboardArguments.Expand(["--dashboard", "9002"])).Build();

        var dashboard = SettingsLoader.Load(configuration).Dashboard;

        Assert.True(dashboard.Enabled);
        Assert.Equal(9002, dashboard.Port);
    }

    [Fact]
    public void ANonNumericDashboardPortIsRefusedNamingTheSwitch()
    {
        var error = Assert.Throws<GridConfigurationException>(() => DashboardArguments.Expand(["--dashboard", "eighty"]));

        Assert.Equal("--dashboard: the port must be a number (got 'eighty')", error.Message);
    }
}
