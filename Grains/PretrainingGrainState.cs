namespace Grid.Grains;

/// <summary>A pretraining run's stored state: metadata, the folds waiting for it and its checkpoint blob.</summary>
[GenerateSerializer]
public sealed class PretrainingGrainState
{
    [Id(0)] public PretrainingDefinition? Definition { get; set; }
    [Id(1)] public PretrainingState State { get; set; }
    [Id(2)] public string ExperimentId { get; set; } = "";
    [Id(3)] public int Attempts { get; set; }
    [Id(4)] public Guid? LeaseId { get; set; }
    [Id(5)] public string? Silo { get; set; }
    [Id(6)] public int CompletedEpochs { get; set; }
    [Id(7)] public string? CheckpointBlob { get; set; }
    [Id(8)] public string? Error { get; set; }
    [Id(9)] public HashSet<string> WaitingFolds { get; set; } = [];
    /// <summary>Runs that lost their runner (silo dead, lease expired); failed runs count in <see cref="Attempts"/>.</summary>
    [Id(10)] public int Interruptions { get; set; }
    /// <summary>The result blob the run reported under its lease (null for runs finished before results were named by lease).</summary>
    [Id(11)] public string? ArtifactsBlob { get; set; }
}
