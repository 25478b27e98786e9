using Grid.Tests.Cluster;
using Xunit;

namespace Grid.Tests.Deployment;

/// <summary>The deployment process tests get an Azurite and a tiny dataset of their own, so they run beside the grid's.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class DeploymentCollection : ICollectionFixture<SiloProcessFixture>
{
    public const string Name = "deployment processes";
}
