namespace Grid.Grains;

[GenerateSerializer]
public sealed class TrialGrainState
{
    [Id(0)] public TrialDefinition? Definition { get; set; }
    /// <summary>
    /// No longer written (each fold stores its own status, and the trial gathers them on activation); read from state
    /// stored before, so that such a trial shows its folds until they answer.
    /// </summary>
    [Id(1)] public Dictionary<int, FoldStatus> Folds { get; set; } = [];
    /// <summary>Increases with every change, so that the experiment can drop out-of-order notifications.</summary>
    [Id(2)] public long Version { get; set; }
}
