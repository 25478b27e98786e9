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
    /// <summary>How often an idle slot asks the scheduler for work.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);
    /// <summary>Local folder for downloaded datasets, pretraining checkpoints and decoded-clip caches.</summary>
    public string CacheDirectory { get; set; } = ".grid/cache";
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
    /// Which epoch checkpoints a job keeps in the artifact store: <see cref="Runner.CheckpointRetention.LastAndBest"/> (the
    /// default: the last, which a resume starts from, and the best by validation accuracy; the rest are deleted once a
    /// newer checkpoint is durable) or <see cref="Runner.CheckpointRetention.All"/>.
    /// </summary>
    public Runner.CheckpointRetention KeepCheckpoints { get; set; } = Runner.CheckpointRetention.LastAndBest;

    public IEnumerable<string> Problems()
    {
        if (CpuSlots < 0) yield return $"{Section}:CpuSlots must not be negative (got {CpuSlots})";
        if (ThreadsPerSlot < 1) yield return $"{Section}:ThreadsPerSlot must be at least 1 (got {ThreadsPerSlot})";
        if (Gpus < -1) yield return $"{Section}:Gpus must be -1 (all), 0 or a device count (got {Gpus})";
        if (HeartbeatInterval <= TimeSpan.Zero) yield return $"{Section}:HeartbeatInterval must be positive (got {HeartbeatInterval})";
        if (PollInterval <= TimeSpan.Zero) yield return $"{Section}:PollInterval must be positive (got {PollInterval})";
        if (string.IsNullOrWhiteSpace(CacheDirectory)) yield return $"{Section}:CacheDirectory must not be empty";
        if (DataWorkers < 1) yield return $"{Section}:DataWorkers must be at least 1 (got {DataWorkers})";
        if (BatchWorkers < 0) yield return $"{Section}:BatchWorkers must not be negative (got {BatchWorkers})";
        if (!Enum.IsDefined(KeepCheckpoints)) yield return $"{Section}:KeepCheckpoints must be LastAndBest or All (got {KeepCheckpoints})";
    }
}
