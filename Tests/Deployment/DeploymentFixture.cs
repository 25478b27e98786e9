using Grid.Learning.Data.Synthetic;
using Grid.Tests.Infrastructure;
using Xunit;

namespace Grid.Tests.Deployment;

/// <summary>One Azurite and a tiny synthetic UrbanSound8K (3 clips per class) for the deployment process tests.</summary>
public sealed class DeploymentFixture : IAsyncLifetime
{
    public AzuriteFixture Azurite { get; } = new();
    public string Root { get; } = Directory.CreateTempSubdirectory("grid-deploy-").FullName;
    public string Dataset => Path.Combine(Root, "us8k");

    public async Task InitializeAsync()
    {
        await Azurite.InitializeAsync();
        SyntheticDataset.Write("us8k", Dataset, clipsPerClass: 3, seed: 17);
    }

    public async Task DisposeAsync()
    {
        await Azurite.DisposeAsync();
        Directory.Delete(Root, recursive: true);
    }

    /// <summary>A cluster id (and membership table) of its own, so tests sharing the Azurite never meet.</summary>
    public static string NewClusterId(string name) => $"{name}-{Guid.NewGuid().ToString("N")[..6]}";

    /// <summary>The test silo settings of <see cref="SiloProcess.Settings"/> for one cluster on this Azurite.</summary>
    public Dictionary<string, string> SiloSettings(string clusterId) =>
        SiloProcess.Settings(clusterId, Azurite.ConnectionString, Path.Combine(Root, "cache", clusterId), cpuSlots: 1);
}

[CollectionDefinition(Name)]
public sealed class DeploymentCollection : ICollectionFixture<DeploymentFixture>
{
    public const string Name = "deployment processes";
}
