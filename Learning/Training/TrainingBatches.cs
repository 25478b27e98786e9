using Grid.Learning.Runtime;
using static TorchSharp.torch;

namespace Grid.Learning.Training;

/// <summary>
/// An epoch's training batches prepared ahead of the model (<see cref="BatchProducer{T}"/>): read the clips, then
/// per view crop, flip, pitch-shift, log-mel, normalise and mask each clip with its own random source,
/// <see cref="SampleRandom"/>(seed, epoch, clip, view). No draw depends on which worker prepared which batch or in
/// what order, so a run gives the same batches bit for bit with any number of workers.
/// </summary>
public static class TrainingBatches
{
    /// <summary>
    /// Workers preparing batches when a request does not say: 1, which on 2 cores overlaps preparation with the
    /// model step without taking a core from it twice over.
    /// </summary>
    public const int DefaultWorkers = FoldJobRequest.DefaultBatchWorkers;

    /// <summary>The random source of one view of one clip in one epoch.</summary>
    public static Random SampleRandom(long seed, int epoch, int clip, int view) =>
        Seeds.Random(seed, "epoch", epoch, "clip", clip, "view", view);

    /// <summary>
    /// Starts preparing <paramref name="batches"/> (indices into <paramref name="waveforms"/>) with
    /// <paramref name="views"/> views each on <paramref name="workers"/> threads (0: inline), at most two batches per
    /// worker ahead of the model. Each batch is made under its own dispose scope; its views leave it detached, for the
    /// caller to dispose.
    /// </summary>
    public static BatchProducer<AugmentedBatch> Start(IReadOnlyList<int[]> batches, IReadOnlyList<float[]> waveforms,
        FeaturePipeline pipeline, int views, long seed, int epoch, int workers, DataWaitClock? wait = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(views, 1);
        return new BatchProducer<AugmentedBatch>(batches.Count, Math.Max(0, workers), ahead: Math.Max(2, 2 * workers),
            index => Prepare(batches[index], waveforms, pipeline, views, seed, epoch), wait);
    }

    /// <summary>
    /// Epoch <paramref name="epoch"/>'s shuffled batches (<see cref="EpochPlan.Batches"/>) of every clip in
    /// <paramref name="waveforms"/>, started now: a job starts the next epoch's before evaluating the current one, so
    /// that its first batches are ready when it begins. Its <see cref="BatchProducer{T}.DataWait"/> is that epoch's clock.
    /// </summary>
    public static BatchProducer<AugmentedBatch> ForEpoch(int epoch, IReadOnlyList<float[]> waveforms, int batchSize, int minimumLastBatch,
        FeaturePipeline pipeline, int views, long seed, int workers) =>
        Start(EpochPlan.Batches(waveforms.Count, batchSize, minimumLastBatch, EpochPlan.Begin(seed, epoch)), waveforms, pipeline, views, seed, epoch, workers);

    private static AugmentedBatch Prepare(int[] batch, IReadOnlyList<float[]> waveforms, FeaturePipeline pipeline, int views, long seed, int epoch)
    {
        using var scope = NewDisposeScope();
        var clips = batch.Select(i => waveforms[i]).ToArray();
        var prepared = new Tensor[views];
        for (var view = 0; view < views; view++)
        {
            var randoms = batch.Select(clip => SampleRandom(seed, epoch, clip, view)).ToArray();
            prepared[view] = pipeline.Augmented(clips, randoms);
        }
        foreach (var view in prepared) view.DetachFromDisposeScope();
        return new AugmentedBatch(batch, prepared);
    }
}
