namespace Grid.Grains;

[GenerateSerializer]
public sealed class ExperimentRegistryGrainState
{
    [Id(0)] public Dictionary<string, ExperimentListing> Experiments { get; set; } = [];
}
