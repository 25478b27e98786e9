namespace Grid.Grains;

public enum JobKind { Fold, Pretraining }

/// <summary>Which kind of slot a job may run on.</summary>
public enum Accelerator { Any, Cpu, Gpu }

/// <summary>
/// A runnable job waiting in the cluster scheduler's queue. <see cref="GatedFolds"/>: how many folds wait for this job
/// to finish (a pretraining run's waiting folds; 0 for a fold), which puts it ahead of jobs that gate nothing.
/// <see cref="InterleavedPosition"/>: a fold's 1-based position in its sweep's fold list when the sweep interleaves
/// folds (a stopping rule is on), else 0.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record JobTicket(
    [property: Id(0)] string JobId,
    [property: Id(1)] string ExperimentId,
    [property: Id(2)] string TrialKey,
    [property: Id(3)] int Devices,
    [property: Id(4)] Accelerator Accelerator,
    [property: Id(5)] DateTimeOffset EnqueuedAt,
    [property: Id(6)] int GatedFolds = 0)
{
    [Id(7)] public int InterleavedPosition { get; init; }
}

/// <summary>A job handed to a slot: the lease id must accompany every report about it.</summary>
[GenerateSerializer, Immutable]
public sealed record JobAssignment(
    [property: Id(0)] JobTicket Ticket,
    [property: Id(1)] Guid LeaseId,
    [property: Id(2)] IReadOnlyList<int> Slots);

/// <summary>One device slot of a silo's runner, as advertised to the scheduler.</summary>
[GenerateSerializer, Immutable]
public sealed record SlotInfo(
    [property: Id(0)] int Slot,
    [property: Id(1)] bool IsGpu,
    [property: Id(2)] int Device,
    [property: Id(3)] int Threads,
    [property: Id(4)] string? JobId,
    [property: Id(5)] Guid? LeaseId);

/// <summary>A silo's runner heartbeat: its slots and what each is running.</summary>
[GenerateSerializer, Immutable]
public sealed record RunnerHeartbeat(
    [property: Id(0)] string Silo,
    [property: Id(1)] IReadOnlyList<SlotInfo> Slots)
{
    /// <summary>Where the scheduler tells this runner that work is available (each heartbeat renews it); null: poll only.</summary>
    [Id(2)] public IRunnerObserver? Observer { get; init; }
}

/// <summary>What the scheduler asks a runner to do after a heartbeat.</summary>
[GenerateSerializer, Immutable]
public sealed record HeartbeatReply([property: Id(0)] IReadOnlyList<Guid> CancelLeases);

[GenerateSerializer, Immutable]
public sealed record SiloView(
    [property: Id(0)] string Silo,
    [property: Id(1)] IReadOnlyList<SlotInfo> Slots,
    [property: Id(2)] DateTimeOffset LastSeen);

/// <summary>The cluster as the scheduler sees it.</summary>
[GenerateSerializer, Immutable]
public sealed record ClusterView(
    [property: Id(0)] IReadOnlyList<SiloView> Silos,
    [property: Id(1)] IReadOnlyList<JobTicket> Queued);
