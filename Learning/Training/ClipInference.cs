using static TorchSharp.torch;

namespace Grid.Learning.Training;

/// <summary>Per-clip means over the clip's evaluation windows, in clip order: logits (clips × C) and embeddings (clips × D).</summary>
public sealed record ClipOutputs(float[][] Logits, float[][] Embeddings, int[] WindowCounts);

/// <summary>
/// The model in evaluation mode over every evaluation window of every clip (<see cref="FeaturePipeline.EvaluationStarts"/>),
/// averaging each clip's window logits and embeddings. Windows go through the model <c>batchSize</c> at a time and
/// their features are computed per batch from the waveforms, so memory does not grow with the number of windows;
/// a clip's windows may span two batches. A clip with one window gets that window's outputs exactly.
/// </summary>
public static class ClipInference
{
    /// <param name="dataWait">Gets the time spent reading the clips and making the windows' features; none when null.</param>
    public static ClipOutputs Run(ClassifierModel model, FeaturePipeline pipeline, IReadOnlyList<float[]> waveforms, int batchSize,
        CancellationToken cancellationToken, DataWaitClock? dataWait = null)
    {
        if (batchSize < 1) throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "BatchSize must be at least 1");
        model.eval();
        using var _ = no_grad();
        var logitSums = new float[waveforms.Count][];
        var embeddingSums = new float[waveforms.Count][];
        var counts = new int[waveforms.Count];
        dataWait ??= new DataWaitClock();
        using var windowBatches = Batches(pipeline, waveforms, batchSize).GetEnumerator();
        while (dataWait.Measure(windowBatches.MoveNext))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var batch = windowBatches.Current;
            using var scope = NewDisposeScope();
            var input = dataWait.Measure(() => pipeline.Windows(batch.Select(w => (w.Waveform, w.Start))));   // N×3×mels×frames
            var (logits, embeddings) = model.ForwardWithEmbeddings(input);          // N×C, N×D
            var logitRows = logits.cpu().to_type(ScalarType.Float32);
            var embeddingRows = embeddings.cpu().to_type(ScalarType.Float32);
            for (var j = 0; j < batch.Count; j++)
            {
                var clip = batch[j].Clip;
                counts[clip]++;
                Accumulate(ref logitSums[clip], logitRows[j].data<float>().ToArray());
                Accumulate(ref embeddingSums[clip], embeddingRows[j].data<float>().ToArray());
            }
        }
        return new ClipOutputs(ToMeans(logitSums, counts), ToMeans(embeddingSums, counts), counts);
    }

    // Walks the clips in order, reading each waveform once, and cuts the window list into batches on the way.
    private static IEnumerable<List<(int Clip, float[] Waveform, int Start)>> Batches(FeaturePipeline pipeline,
        IReadOnlyList<float[]> waveforms, int batchSize)
    {
        var batch = new List<(int, float[], int)>(batchSize);
        for (var clip = 0; clip < waveforms.Count; clip++)
        {
            var waveform = waveforms[clip];
            foreach (var start in pipeline.EvaluationStarts(waveform.Length))
            {
                batch.Add((clip, waveform, start));
                if (batch.Count < batchSize) continue;
                yield return batch;
                batch = new List<(int, float[], int)>(batchSize);
            }
        }
        if (batch.Count > 0) yield return batch;
    }

    // The first window's row becomes the clip's sum as it is, so a one-window clip keeps its outputs bit for bit.
    private static void Accumulate(ref float[] sum, float[] row)
    {
        if (sum is null)
        {
            sum = row;
            return;
        }
        for (var i = 0; i < row.Length; i++) sum[i] += row[i];
    }

    // Divides the sums in place: the kNN bank of a large training set should not exist twice.
    private static float[][] ToMeans(float[][] sums, int[] counts)
    {
        for (var clip = 0; clip < sums.Length; clip++)
        {
            var sum = sums[clip] ?? throw new InvalidOperationException($"clip {clip} has no evaluation window");
            if (counts[clip] == 1) continue;
            for (var i = 0; i < sum.Length; i++) sum[i] /= counts[clip];
        }
        return sums;
    }
}
