namespace Grid.Grains;

[GenerateSerializer]
public sealed class TrialGrainState
{
    [Id(0)] public TrialDefinition? Definition { get; set; }
    /// <summary>The latest status of each fold, by fold number.</summary>
    [Id(1)] public Dictionary<int, FoldStatus> Folds { get; set; } = [];
    /// <summary>Increases with every change, so that the experiment can drop out-of-order notifications.</summary>
    [Id(2)] public long Version { get; set; }
}
