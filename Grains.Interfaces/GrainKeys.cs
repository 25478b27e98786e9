namespace Grid.Grains;

/// <summary>
/// String keys of the grid's grains: experiments are <c>{experiment}</c>, trials
/// <c>{experiment}/{trial}</c>, folds <c>{experiment}/{trial}/{fold}</c>, pretraining runs a content hash.
/// Scheduler job ids prefix the key with the job kind.
/// </summary>
public static class GrainKeys
{
    public const string Singleton = "default";

    public static string Trial(string experimentId, int trialIndex) => $"{experimentId}/{trialIndex}";

    public static string Fold(string trialKey, int fold) => $"{trialKey}/{fold}";

    public static string ExperimentOf(string trialOrFoldKey) => trialOrFoldKey.Split('/')[0];

    public static string TrialOf(string foldKey) => foldKey[..foldKey.LastIndexOf('/')];

    public static int FoldNumberOf(string foldKey) => int.Parse(foldKey[(foldKey.LastIndexOf('/') + 1)..], System.Globalization.CultureInfo.InvariantCulture);

    public static string JobId(JobKind kind, string grainKey) => $"{(kind == JobKind.Fold ? "fold" : "pretrain")}:{grainKey}";

    public static (JobKind Kind, string GrainKey) ParseJobId(string jobId)
    {
        var colon = jobId.IndexOf(':');
        if (colon < 0) throw new FormatException($"job id '{jobId}' has no kind prefix");
        var kind = jobId[..colon] switch
        {
            "fold" => JobKind.Fold,
            "pretrain" => JobKind.Pretraining,
            var other => throw new FormatException($"job id '{jobId}' has unknown kind '{other}'"),
        };
        return (kind, jobId[(colon + 1)..]);
    }
}
