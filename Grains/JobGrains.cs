namespace Grid.Grains;

/// <summary>Resolves a scheduler job id to the grain that owns the job.</summary>
public static class JobGrains
{
    public static IJobGrain Get(IGrainFactory grains, string jobId)
    {
        var (kind, key) = GrainKeys.ParseJobId(jobId);
        return kind == JobKind.Fold ? grains.GetGrain<IFoldGrain>(key) : grains.GetGrain<IPretrainingGrain>(key);
    }
}
