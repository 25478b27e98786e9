using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Grid.Learning.Training;

/// <summary>One supervised training epoch and one evaluation pass of a <see cref="ClassifierModel"/>.</summary>
public static class ClassifierEpoch
{
    /// <summary>Trains on every batch of the epoch; returns the mean training loss.</summary>
    /// <param name="freezeEncoder">Keep the encoder (BatchNorm included) in evaluation mode: the freeze protocol.</param>
    public static double Train(ClassifierModel model, OptimizerHelper optimizer, LearningRateSchedule schedule, int epoch,
        LoadedClips clips, int[] labels, FeaturePipeline pipeline, TrainingOptions options, bool freezeEncoder,
        long seed, CancellationToken cancellationToken)
    {
        var random = EpochPlan.Begin(seed, epoch);
        var batches = EpochPlan.Batches(clips.Count, options.BatchSize, minimumLastBatch: 2, random);
        model.train();
        if (freezeEncoder) model.Encoder.eval();
        var totalLoss = 0.0;
        for (var step = 0; step < batches.Count; step++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var scope = NewDisposeScope();
            var batch = batches[step];
            OptimizerFactory.SetLearningRate(optimizer, schedule.RateAt(epoch, step, batches.Count));
            var input = pipeline.Augmented(batch.Select(i => clips.Waveforms[i]), random);       // N×3×mels×frames
            var targets = tensor(batch.Select(i => (long)labels[i]).ToArray(), device: input.device);
            optimizer.zero_grad();
            var loss = nn.functional.cross_entropy(model.call(input), targets);
            loss.backward();
            optimizer.step();
            totalLoss += loss.item<float>();
        }
        return batches.Count == 0 ? double.NaN : totalLoss / batches.Count;
    }

    /// <summary>Mean cross entropy, argmax predictions and embeddings over precomputed features (N×3×mels×frames).</summary>
    public static Evaluation Evaluate(ClassifierModel model, Tensor features, int[] labels, int batchSize)
    {
        model.eval();
        using var _ = no_grad();
        var predicted = new int[labels.Length];
        var embeddings = new float[labels.Length][];
        var lossSum = 0.0;
        foreach (var batch in EpochPlan.InOrder(labels.Length, batchSize))
        {
            using var scope = NewDisposeScope();
            var input = features.narrow(0, batch[0], batch.Length);
            var targets = tensor(batch.Select(i => (long)labels[i]).ToArray(), device: input.device);
            var (logits, batchEmbeddings) = model.ForwardWithEmbeddings(input);   // logits: N×C, embeddings: N×D
            lossSum += nn.functional.cross_entropy(logits, targets, reduction: nn.Reduction.Sum).item<float>();
            var argmax = logits.argmax(1).cpu().data<long>().ToArray();
            var rows = batchEmbeddings.cpu().to_type(ScalarType.Float32);
            for (var j = 0; j < batch.Length; j++)
            {
                predicted[batch[j]] = (int)argmax[j];
                embeddings[batch[j]] = rows[j].data<float>().ToArray();
            }
        }
        return new Evaluation(labels.Length == 0 ? double.NaN : lossSum / labels.Length, predicted, embeddings);
    }
}
