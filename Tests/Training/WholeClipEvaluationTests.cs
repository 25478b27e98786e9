using Grid.Learning.Audio;
using Grid.Learning.Models;
using Grid.Learning.Training;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace Grid.Tests.Training;

/// <summary>
/// Whole-clip evaluation: every clip is heard through windows at 50 % overlap, its logits and embeddings are the
/// mean over its windows, and clips no longer than the window are evaluated exactly as one centred window was before.
/// </summary>
[Trait("Category", "Unit")]
public sealed class WholeClipEvaluationTests
{
    private const int Window = TinyUrbanSound.SampleRate;   // TinyUrbanSound.Features: 1 s windows at 8 kHz

    [Fact]
    public void AClipsLogitsAndEmbeddingIsTheMeanOfItsWindows()
    {
        var random = new Random(4);
        float[][] waveforms =
        [
            Sounds(random, 0, 1, 8)[..(Window * 5 / 2)],   // 2.5 s: windows at 0, 0.5, 1, 1.5 s
            Sounds(random, 1)[..(Window * 6 / 10)],         // 0.6 s: one padded window
            Sounds(random, 8, 0)[..(Window * 13 / 10)],     // 1.3 s: windows at 0 and 0.3 s
        ];
        int[] labels = [0, 1, 2];
        using var model = TinyModel();
        using var pipeline = new FeaturePipeline(TinyUrbanSound.Features, new TrainingOptions(), CPU);
        pipeline.FitNormalizer(waveforms, 3, CancellationToken.None);

        var outputs = ClipInference.Run(model, pipeline, waveforms, batchSize: 3, CancellationToken.None);   // clip 0 spans two batches
        var evaluation = ClassifierEpoch.Evaluate(model, pipeline, waveforms, labels, batchSize: 3, CancellationToken.None);

        Assert.Equal([4, 1, 2], outputs.WindowCounts);
        for (var clip = 0; clip < waveforms.Length; clip++)
        {
            var windows = ClipWindows.Starts(waveforms[clip].Length, Window)
                .Select(start => WindowOutputs(model, pipeline, Cut(waveforms[clip], start))).ToArray();
            var meanLogits = Mean(windows.Select(w => w.Logits));
            var meanEmbedding = Mean(windows.Select(w => w.Embedding));
            AssertClose(meanLogits, outputs.Logits[clip]);
            AssertClose(meanEmbedding, outputs.Embeddings[clip]);
            Assert.Equal(evaluation.Embeddings[clip], outputs.Embeddings[clip]);
            Assert.Equal(Array.IndexOf(meanLogits, meanLogits.Max()), evaluation.Predicted[clip]);
            if (windows.Length > 1)
                Assert.True(windows.Max(w => w.Logits.Zip(meanLogits).Max(p => Math.Abs(p.First - p.Second))) > 1e-4,
                    $"clip {clip}: its windows' logits are all alike, so averaging them proves nothing");
        }
        var expectedLoss = labels.Select((label, clip) => CrossEntropy(outputs.Logits[clip], label)).Average();
        Assert.Equal(expectedLoss, evaluation.Loss, 1e-5);

        using var centred = new FeaturePipeline(TinyUrbanSound.Features with { WholeClipEvaluation = false }, new TrainingOptions(), CPU)
        {
            Normalizer = pipeline.Normalizer,
        };
        var single = ClipInference.Run(model, centred, waveforms, batchSize: 3, CancellationToken.None);
        Assert.Equal([1, 1, 1], single.WindowCounts);
        AssertClose(WindowOutputs(model, pipeline, FixedLength.Centre(waveforms[0], Window)).Logits, single.Logits[0]);
        Assert.NotEqual(outputs.Logits[0], single.Logits[0]);
    }

    [Fact]
    public void ShortClipsAreEvaluatedBitForBitAsOneCentredWindowWas()
    {
        var random = new Random(6);
        int[] lengths = [Window, Window * 5 / 8, Window, Window * 3 / 8, Window - 1];
        var waveforms = lengths.Select((length, i) => Sounds(random, i % 2 == 0 ? 0 : 8)[..length]).ToArray();
        int[] labels = [0, 2, 0, 2, 0];
        using var model = TinyModel();
        using var pipeline = new FeaturePipeline(TinyUrbanSound.Features, new TrainingOptions(), CPU);
        pipeline.FitNormalizer(waveforms, 2, CancellationToken.None);

        var evaluation = ClassifierEpoch.Evaluate(model, pipeline, waveforms, labels, batchSize: 2, CancellationToken.None);
        var reference = CentredReference(model, pipeline, waveforms, labels, batchSize: 2);

        Assert.Equal(reference.Loss, evaluation.Loss);
        Assert.Equal(reference.Predicted, evaluation.Predicted);
        Assert.Equal(reference.Embeddings, evaluation.Embeddings);
    }

    [Theory]
    [InlineData(1.0)]   // clips exactly one window long
    [InlineData(1.5)]   // clips shorter than the window: centred padding
    public void AShortClipJobIsBitIdenticalWithAndWithoutWholeClipEvaluation(double clipSeconds)
    {
        using var data = new TinyUrbanSound(clipsPerClassPerFold: 1);
        var request = data.Request(Protocol.Scratch, epochs: 2) with { Features = TinyUrbanSound.Features with { ClipSeconds = clipSeconds } };
        var whole = FoldJob.Run(request, null, new RecordingObserver(), CancellationToken.None);
        var centred = FoldJob.Run(request with { Features = request.Features with { WholeClipEvaluation = false } }, null,
            new RecordingObserver(), CancellationToken.None);

        Assert.Equal(2, whole.Epochs.Count);
        for (var i = 0; i < whole.Epochs.Count; i++)
        {
            Assert.Equal(centred.Epochs[i].TrainLoss, whole.Epochs[i].TrainLoss);
            Assert.Equal(centred.Epochs[i].ValidationLoss, whole.Epochs[i].ValidationLoss);
            Assert.Equal(centred.Epochs[i].Accuracy, whole.Epochs[i].Accuracy);
            Assert.Equal(centred.Epochs[i].Confusion, whole.Epochs[i].Confusion);
        }
        Assert.Equal(centred.BestPredictions.Predicted, whole.BestPredictions.Predicted);
        Assert.Equal(centred.BestPredictions.Embeddings, whole.BestPredictions.Embeddings);
    }

    [Fact]
    public void KnnOverLongClipsReturnsOneMeanEmbeddingPerClip()
    {
        using var data = new TinyUrbanSound(clipsPerClassPerFold: 2, secondsPerClip: 3);   // 3 s clips, 1 s windows: 5 each
        var checkpoint = EncoderCheckpoints.Write(Path.Combine(data.Root, "knn.ckpt"), seed: 12);
        var request = data.Request(Protocol.Knn, epochs: 1, initPath: checkpoint);

        var result = FoldJob.Run(request, null, new RecordingObserver(), CancellationToken.None);

        var predictions = result.BestPredictions;
        Assert.Equal(6, predictions.Clips.Length);
        Assert.Equal(6, predictions.Predicted.Length);
        Assert.Equal(6, predictions.Embeddings.Length);
        Assert.All(predictions.Embeddings, e => Assert.Equal(32, e.Length));
        Assert.Equal(6, result.Epochs[0].Confusion.Sum(row => row.Sum()));

        // The same encoder and normaliser, run by hand: the job's embeddings are the clips' window means.
        var fold = FoldData.Load(request, CancellationToken.None);
        using var model = new ClassifierModel(EncoderInitialisation.Create(request), new LinearClassifier(32, 3));
        using var pipeline = new FeaturePipeline(request.Features, request.Training, CPU);
        pipeline.FitNormalizer(fold.Training.Waveforms, request.Training.BatchSize, CancellationToken.None);
        var expected = ClipInference.Run(model, pipeline, fold.Validation.Waveforms, request.Training.BatchSize, CancellationToken.None);
        Assert.All(expected.WindowCounts, count => Assert.Equal(5, count));
        Assert.Equal(expected.Embeddings, predictions.Embeddings);

        var centred = FoldJob.Run(request with { Features = request.Features with { WholeClipEvaluation = false } }, null,
            new RecordingObserver(), CancellationToken.None);
        Assert.NotEqual(centred.BestPredictions.Embeddings, predictions.Embeddings);
    }

    [Fact]
    public void TrainingOnLongClipsReportsPerClipMetrics()
    {
        using var data = new TinyUrbanSound(clipsPerClassPerFold: 1, secondsPerClip: 2);
        var result = FoldJob.Run(data.Request(Protocol.Scratch, epochs: 1), null, new RecordingObserver(), CancellationToken.None);

        Assert.Equal(3, result.BestPredictions.Clips.Length);
        Assert.Equal(3, result.BestPredictions.Embeddings.Length);
        Assert.Equal(3, result.Epochs[0].Confusion.Sum(row => row.Sum()));
        var predictions = result.BestPredictions;
        Assert.Equal(predictions.Labels.Zip(predictions.Predicted).Count(p => p.First == p.Second) / 3.0, result.Epochs[0].Accuracy, 12);
    }

    [Fact]
    public void SpecsSayWholeClipEvaluationInCamelCaseAndDefaultToIt()
    {
        var options = Grid.Grains.Specs.SpecJson.Options;
        Assert.True(System.Text.Json.JsonSerializer.Deserialize<FeatureOptions>("{\"clipSeconds\": 4}", options)!.WholeClipEvaluation);
        var off = System.Text.Json.JsonSerializer.Deserialize<FeatureOptions>("{\"wholeClipEvaluation\": false}", options)!;
        Assert.False(off.WholeClipEvaluation);
        var json = System.Text.Json.JsonSerializer.Serialize(off, options);
        Assert.Contains("\"wholeClipEvaluation\":false", json);
        Assert.Equal(off, System.Text.Json.JsonSerializer.Deserialize<FeatureOptions>(json, options));
    }

    private static ClassifierModel TinyModel() =>
        new(EncoderFactory.Create(new ModelOptions { Architecture = "resnet18", Width = 4 }, seed: 21), new LinearClassifier(32, 3, seed: 22));

    private static float[] Sounds(Random random, params int[] classes) =>
        classes.SelectMany(c => TinyUrbanSound.Sound(c, random)).ToArray();

    private static float[] Cut(float[] waveform, int start) =>
        waveform.Length <= Window ? FixedLength.Centre(waveform, Window) : waveform[start..(start + Window)];

    // One window of exactly Window samples through the model on its own.
    private static (float[] Logits, float[] Embedding) WindowOutputs(ClassifierModel model, FeaturePipeline pipeline, float[] window)
    {
        model.eval();
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        var (logits, embeddings) = model.ForwardWithEmbeddings(pipeline.Centred([window]));
        return (logits[0].data<float>().ToArray(), embeddings[0].data<float>().ToArray());
    }

    // The evaluation before whole-clip windows: centred features of every clip at once, then the model batch by batch.
    private static Evaluation CentredReference(ClassifierModel model, FeaturePipeline pipeline, float[][] waveforms, int[] labels, int batchSize)
    {
        model.eval();
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        var features = pipeline.Centred(waveforms);
        var predicted = new int[labels.Length];
        var embeddings = new float[labels.Length][];
        var lossSum = 0.0;
        foreach (var batch in EpochPlan.InOrder(labels.Length, batchSize))
        {
            var (logits, rows) = model.ForwardWithEmbeddings(features.narrow(0, batch[0], batch.Length));
            var targets = tensor(batch.Select(i => (long)labels[i]).ToArray());
            lossSum += nn.functional.cross_entropy(logits, targets, reduction: nn.Reduction.Sum).item<float>();
            var argmax = logits.argmax(1).data<long>().ToArray();
            for (var j = 0; j < batch.Length; j++)
            {
                predicted[batch[j]] = (int)argmax[j];
                embeddings[batch[j]] = rows[j].data<float>().ToArray();
            }
        }
        return new Evaluation(lossSum / labels.Length, predicted, embeddings);
    }

    private static double[] Mean(IEnumerable<float[]> rows)
    {
        var all = rows.ToArray();
        return Enumerable.Range(0, all[0].Length).Select(k => all.Average(r => (double)r[k])).ToArray();
    }

    private static double CrossEntropy(float[] logits, int label)
    {
        var max = logits.Max();
        return max + Math.Log(logits.Sum(l => Math.Exp(l - max))) - logits[label];
    }

    private static void AssertClose(double[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var k = 0; k < expected.Length; k++) Assert.Equal(expected[k], actual[k], 1e-5);
    }

    private static void AssertClose(float[] expected, float[] actual) => AssertClose(expected.Select(v => (double)v).ToArray(), actual);
}
