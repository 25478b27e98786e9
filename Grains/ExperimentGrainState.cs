namespace Grid.Grains;

[GenerateSerializer]
public sealed class ExperimentGrainState
{
    [Id(0)] public string? SpecJson { get; set; }
    [Id(1)] public string Name { get; set; } = "";
    [Id(2)] public DateTimeOffset CreatedAt { get; set; }
    [Id(3)] public ExperimentState State { get; set; }
    [Id(4)] public int TrialCount { get; set; }
    [Id(5)] public int MaxConcurrentTrials { get; set; }
    [Id(6)] public int EpochsPerFold { get; set; }
    /// <summary>
    /// No longer written (trials' summaries are gathered from the trials on activation); read from state stored before,
    /// so that such an experiment shows its trials until they answer.
    /// </summary>
    [Id(7)] public Dictionary<int, TrialSummary> Trials { get; set; } = [];
    [Id(8)] public bool CancelRequested { get; set; }
    /// <summary>The trials the spec expands to, planned once at launch (null in state stored before plans were kept).</summary>
    [Id(9)] public List<TrialDefinition>? Plan { get; set; }
    /// <summary>The stopping rule's decisions, in the order taken (applied again on a restart: stopping is idempotent).</summary>
    [Id(10)] public List<StopDecision> StopDecisions { get; set; } = [];
    /// <summary>Fold epochs and rungs the rule judged (median, asha): each is judged once, a restart included.</summary>
    [Id(11)] public HashSet<string> JudgedStops { get; set; } = [];
    /// <summary>Trials run to the end after they were stopped (<c>sweep retry --stopped</c>): never stopped again.</summary>
    [Id(12)] public HashSet<int> RunToEnd { get; set; } = [];
}
