namespace Grid.Silo.Configuration;

/// <summary>Section <c>Runner</c>: the device slots this silo offers and how it talks to the scheduler.</summary>
public sealed class RunnerSettings
{
    public const string Section = "Runner";

    /// <summary>CPU slots (jobs running at once on the CPU); 0 offers none.</summary>
    public int CpuSlots { get; set; } = 1;
    /// <summary>Intra-op threads of each CPU slot's job.</summary>
    public int ThreadsPerSlot { get; set; } = 1;
    /// <summary>CUDA devices to offer as slots: -1 offers every device found, 0 none.</summary>
    public int Gpus { get; set; } = -1;
    /// <summary>How often the runner renews its leases with the scheduler.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(5);
    /// <summary>
    /// How often an idle slot asks the scheduler for work when it is not told of any: the scheduler wakes idle slots
    /// when jobs are queued or slots freed (<c>IRunnerObserver</c>), so this is only the safety net for a lost notice.
    /// 10 s by default.
    /// </summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(10);
    /// <summary>Local folder for downloaded datasets, pretraining checkpoints and decoded-clip caches.</summary>
    public string CacheDirectory { get; set; } = ".grid/cache";
    /// <summary>
    /// Most bytes of uploaded datasets (<c>blob:NAME</c>) kept under <see cref="CacheDirectory"/>: beyond it the least
    /// recently used dataset no job holds is evicted. 100 GiB by default (the thesis's corpora, FSD50K included, fit).
    /// </summary>
    public long DatasetCacheBytes { get; set; } = DefaultDatasetCacheBytes;
    /// <summary>100 GiB.</summary>
    public const long DefaultDatasetCacheBytes = 100L << 30;
    /// <summary>
    /// Threads that decode and resample a dataset the first time a job needs it (into the waveform store under
    /// <see cref="CacheDirectory"/>); the machine's core count by default. Results do not depend on it.
    /// </summary>
    public int DataWorkers { get; set; } = Environment.ProcessorCount;
    /// <summary>
    /// Threads per job preparing training batches ahead of the model (crop, flip, log-mel, SpecAugment, MoCo's two
    /// views); 0 prepares them on the job's thread. 1 by default. Results do not depend on it.
    /// </summary>
    public int BatchWorkers { get; set; } = 1;
    /// <summary>
    /// What runs a job: <c>learning</c> (the default: the learning library trains it) or <c>simulated</c> (no training:
    /// each epoch sleeps <see cref="SimulatedEpoch"/> and reports through the grains, for measuring the grid itself).
    /// </summary>
    public string Executor { get; set; } = LearningExecutor;
    /// <summary>How long one epoch of a simulated job takes (<see cref="Executor"/> <c>simulated</c>); 1 s by default.</summary>
    public TimeSpan SimulatedEpoch { get; set; } = TimeSpan.FromSeconds(1);

    public const string LearningExecutor = "learning";
    public const string SimulatedExecutor = "simulated";
    /// <summary>
    /// Which epoch checkpoints a job keeps in the artifact store: <see cref="Runner.CheckpointRetention.LastAndBest"/> (the
    /// default: the last, which a resume starts from, and the best by validation accuracy; the rest are deleted once a
    /// newer checkpoint is durable) or <see cref="Runner.CheckpointRetention.All"/>.
    /// </summary>
    public Runner.CheckpointRetention KeepCheckpoints { get; set; } = Runner.CheckpointRetention.LastAndBest;

    /// <summary>
    /// The most slots, threads or workers a count setting may ask for: each becomes a slot or a thread, so a mistyped
    /// count must be refused here rather than exhaust the machine. (Gpus is capped by the devices found.)
    /// </summary>
    public const int MaxCount = 1_024;

    /// <summary>
    /// The longest interval or simulated epoch: timers and waits take at most about 24 days, and deadlines are computed
    /// by adding the interval to the clock.
    /// </summary>
    public static readonly TimeSpan MaxInterval = TimeSpan.FromDays(1);

    public IEnumerable<string> Problems()
    {
        if (CpuSlots < 0) yield return $"{Section}:CpuSlots must not be negative (got {CpuSlots})";
        if (ThreadsPerSlot < 1) yield return $"{Section}:ThreadsPerSlot must be at least 1 (got {ThreadsPerSlot})";
        if (Gpus < -1) yield return $"{Section}:Gpus must be -1 (all), 0 or a device count (got {Gpus})";
        if (HeartbeatInterval <= TimeSpan.Zero) yield return $"{Section}:HeartbeatInterval must be positive (got {HeartbeatInterval})";
        if (PollInterval <= TimeSpan.Zero) yield return $"{Section}:PollInterval must be positive (got {PollInterval})";
        if (string.IsNullOrWhiteSpace(CacheDirectory)) yield return $"{Section}:CacheDirectory must not be empty";
        if (DatasetCacheBytes < 1) yield return $"{Section}:DatasetCacheBytes must be positive (got {DatasetCacheBytes})";
        if (DataWorkers < 1) yield return $"{Section}:DataWorkers must be at least 1 (got {DataWorkers})";
        if (BatchWorkers < 0) yield return $"{Section}:BatchWorkers must not be negative (got {BatchWorkers})";
        if (Executor is not (LearningExecutor or SimulatedExecutor))
            yield return $"{Section}:Executor must be {LearningExecutor} or {SimulatedExecutor} (got {Executor})";
        if (SimulatedEpoch < TimeSpan.Zero) yield return $"{Section}:SimulatedEpoch must not be negative (got {SimulatedEpoch})";
        if (!Enum.IsDefined(KeepCheckpoints)) yield return $"{Section}:KeepCheckpoints must be LastAndBest or All (got {KeepCheckpoints})";
        foreach (var (name, count) in new[]
                 { ("CpuSlots", CpuSlots), ("ThreadsPerSlot", ThreadsPerSlot), ("DataWorkers", DataWorkers), ("BatchWorkers", BatchWorkers) })
            if (count > MaxCount) yield return $"{Section}:{name} must be at most {MaxCount} (got {count})";
        foreach (var (name, interval) in new[]
                 { ("HeartbeatInterval", HeartbeatInterval), ("PollInterval", PollInterval), ("SimulatedEpoch", SimulatedEpoch) })
            if (interval > MaxInterval) yield return $"{Section}:{name} must be at most {MaxInterval} (got {interval})";
    }
}
