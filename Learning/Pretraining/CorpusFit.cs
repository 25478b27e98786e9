namespace Grid.Learning.Pretraining;

/// <summary>
/// A pretraining request as it runs on a corpus of a given size: settings that cannot work as asked are adapted,
/// settings that work differently on a small corpus are kept, and each case gets one sentence of warning.
/// </summary>
public static class CorpusFit
{
    /// <summary>
    /// MoCo trains on full batches whose keys fill its queue without wrapping, so a batch larger than the clips
    /// shrinks to the largest size that fits the clips and divides the queue (at least 2: BatchNorm). A queue longer
    /// than the clips is kept: it then holds several keys of each clip, the query's own clip's among its negatives.
    /// NPID needs no adapting.
    /// </summary>
    public static (PretrainRequest Request, IReadOnlyList<string> Warnings) Apply(PretrainRequest request, int clipCount)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Method != PretrainMethod.Moco) return (request, []);
        var warnings = new List<string>();
        var batchSize = request.Training.BatchSize;
        if (batchSize > clipCount)
        {
            var fitted = Enumerable.Range(2, Math.Max(0, clipCount - 1)).LastOrDefault(size => request.QueueSize % size == 0);
            if (fitted == 0)
                throw new ArgumentException($"BatchSize {batchSize} exceeds the {clipCount} training clips and no smaller batch of at least 2 divides QueueSize {request.QueueSize}; MoCo trains on full batches only", nameof(request));
            warnings.Add($"BatchSize {batchSize} exceeds the {clipCount} training clips: MoCo trains on full batches, so batches of {fitted} are used (the largest that fits the clips and divides QueueSize {request.QueueSize})");
            request = request with { Training = request.Training with { BatchSize = fitted } };
        }
        if (request.QueueSize > clipCount)
            warnings.Add(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"QueueSize {request.QueueSize} is longer than the {clipCount} training clips: the queue holds about {(double)request.QueueSize / clipCount:0.#} keys of each clip from earlier batches, so a query meets keys of its own clip among the negatives (as the thesis's 65,536 keys over about 51k FSD50K clips did)"));
        return (request, warnings);
    }
}
