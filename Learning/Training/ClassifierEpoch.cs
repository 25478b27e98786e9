using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Grid.Learning.Training;

/// <summary>One supervised training epoch and one evaluation pass of a <see cref="ClassifierModel"/>.</summary>
public static class ClassifierEpoch
{
    /// <summary>
    /// Trains on every batch of the epoch as <paramref name="prepared"/> hands them over (<see cref="TrainingBatches.ForEpoch"/>,
    /// one view each); returns the mean training loss.
    /// </summary>
    /// <param name="freezeEncoder">Keep the encoder (BatchNorm included) in evaluation mode: the freeze protocol.</param>
    public static double Train(ClassifierModel model, OptimizerHelper optimizer, LearningRateSchedule schedule, int epoch,
        BatchProducer<AugmentedBatch> prepared, int[] labels, FeaturePipeline pipeline, bool freezeEncoder, CancellationToken cancellationToken)
    {
        model.train();
        if (freezeEncoder) model.Encoder.eval();
        var totalLoss = 0.0;
        var steps = prepared.Remaining;
        for (var step = 0; step < steps; step++)
        {
            using var batch = prepared.Take(cancellationToken);
            using var scope = NewDisposeScope();
            OptimizerFactory.SetLearningRate(optimizer, schedule.RateAt(epoch, step, steps));
            var input = batch.Views[0].to(pipeline.Device);                                     // N×3×mels×frames
            var targets = tensor(batch.Clips.Select(i => (long)labels[i]).ToArray(), device: input.device);
            optimizer.zero_grad();
            var loss = nn.functional.cross_entropy(model.call(input), targets);
            loss.backward();
            optimizer.step();
            totalLoss += loss.item<float>();
        }
        return steps == 0 ? double.NaN : totalLoss / steps;
    }

    /// <summary>
    /// Evaluates every clip of <paramref name="waveforms"/> through its evaluation windows (<see cref="ClipInference"/>):
    /// a clip's logits are the mean of its windows' logits, its prediction their argmax and its embedding the mean of
    /// its windows' embeddings. The loss is the mean over clips of the cross entropy of each clip's mean logits, so
    /// that loss and accuracy judge the same per-clip decision (averaging window losses would instead reward being
    /// confident on every window).
    /// </summary>
    /// <param name="dataWait">Gets the time spent making the evaluation windows' features; none when null.</param>
    public static Evaluation Evaluate(ClassifierModel model, FeaturePipeline pipeline, IReadOnlyList<float[]> waveforms, int[] labels,
        int batchSize, CancellationToken cancellationToken, DataWaitClock? dataWait = null)
    {
        if (waveforms.Count != labels.Length)
            throw new ArgumentException($"{waveforms.Count} clips but {labels.Length} labels", nameof(labels));
        var outputs = ClipInference.Run(model, pipeline, waveforms, batchSize, cancellationToken, dataWait);
        var predicted = new int[labels.Length];
        var lossSum = 0.0;
        using var _ = no_grad();
        foreach (var batch in EpochPlan.InOrder(labels.Length, batchSize))
        {
            using var scope = NewDisposeScope();
            var logits = stack(batch.Select(i => tensor(outputs.Logits[i])).ToArray()).to(pipeline.Device);   // N×C
            var targets = tensor(batch.Select(i => (long)labels[i]).ToArray(), device: pipeline.Device);
            lossSum += nn.functional.cross_entropy(logits, targets, reduction: nn.Reduction.Sum).item<float>();
            var argmax = logits.argmax(1).cpu().data<long>().ToArray();
            for (var j = 0; j < batch.Length; j++) predicted[batch[j]] = (int)argmax[j];
        }
        return new Evaluation(labels.Length == 0 ? double.NaN : lossSum / labels.Length, predicted, outputs.Embeddings);
    }
}
