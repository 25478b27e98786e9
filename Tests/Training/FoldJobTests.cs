using Grid.Learning.Checkpoints;
using Grid.Learning.Models;
using Grid.Learning.Training;
using TorchSharp;
using Xunit;

namespace Grid.Tests.Training;

[Trait("Category", "Slow")]
public sealed class FoldJobTests
{
    [Fact]
    public void ScratchTrainingBeatsChanceClearly()
    {
        using var data = new TinyUrbanSound(clipsPerClassPerFold: 6);
        var observer = new RecordingObserver();
        var result = FoldJob.Run(data.Request(Protocol.Scratch, epochs: 6), null, observer, CancellationToken.None);

        Assert.Equal(6, result.Epochs.Count);
        Assert.Equal(6, observer.Epochs.Count);
        Assert.Equal(10, result.Classes.Length);
        Assert.True(result.BestAccuracy >= 0.75, $"best accuracy {result.BestAccuracy} (chance 1/3): " + string.Join(", ", result.Epochs.Select(e => e.Accuracy)));
        Assert.Equal(result.Epochs.Max(e => e.Accuracy), result.BestAccuracy);
        Assert.Equal(result.BestAccuracy, result.Epochs[result.BestEpoch - 1].Accuracy);
        Assert.True(result.Epochs[^1].TrainLoss < result.Epochs[0].TrainLoss);
        var predictions = result.BestPredictions;
        Assert.Equal(18, predictions.Clips.Length);
        Assert.Equal(predictions.Labels.Zip(predictions.Predicted).Count(p => p.First == p.Second) / 18.0, result.BestAccuracy, 12);
        Assert.All(predictions.Embeddings, e => Assert.Equal(32, e.Length));   // resnet18 width 4: D = 8·4
        var best = result.Epochs[result.BestEpoch - 1];
        Assert.Equal(18, best.Confusion.Sum(row => row.Sum()));
        // The marks the paired rule's first-fold look compares: the best epoch's right and wrong clips, in clip-id order.
        Assert.Equal(CorrectClipBits.Of(predictions.Clips, predictions.Labels, predictions.Predicted), best.CorrectClips);
        Assert.Equal(18, CorrectClipBits.Count(best.CorrectClips!));
        Assert.All(result.Epochs, e => Assert.Equal(18, CorrectClipBits.Count(e.CorrectClips!)));
        Assert.Null(result.ChosenK);
    }

    [Fact]
    public void ResumingAfterAnEpochGivesBitIdenticalMetrics()
    {
        using var data = new TinyUrbanSound(clipsPerClassPerFold: 3);
        var request = data.Request(Protocol.Scratch, epochs: 3) with { Training = data.Request(Protocol.Scratch, 3).Training with { PitchShiftSemitones = 1 } };
        var uninterrupted = new RecordingObserver();
        var full = FoldJob.Run(request, null, uninterrupted, CancellationToken.None);

        var resumed = new RecordingObserver();
        using var checkpoint = new MemoryStream(uninterrupted.Checkpoints[0]);
        var rest = FoldJob.Run(request, checkpoint, resumed, CancellationToken.None);

        Assert.Equal([2, 3], resumed.Epochs.Select(e => e.Epoch));
        Assert.Equal(full.Epochs.Count, rest.Epochs.Count);
        for (var i = 0; i < full.Epochs.Count; i++)
        {
            Assert.Equal(full.Epochs[i].TrainLoss, rest.Epochs[i].TrainLoss);
            Assert.Equal(full.Epochs[i].ValidationLoss, rest.Epochs[i].ValidationLoss);
            Assert.Equal(full.Epochs[i].Accuracy, rest.Epochs[i].Accuracy);
            Assert.Equal(full.Epochs[i].Confusion, rest.Epochs[i].Confusion);
        }
        Assert.Equal(full.BestEpoch, rest.BestEpoch);
        Assert.Equal(full.BestPredictions.Predicted, rest.BestPredictions.Predicted);
        Assert.Equal(full.BestPredictions.Embeddings, rest.BestPredictions.Embeddings);
        AssertSameWeights(uninterrupted.Checkpoints[^1], resumed.Checkpoints[^1], CheckpointEntries.Encoder, "classifier");
    }

    internal static void AssertSameWeights(byte[] expected, byte[] actual, params string[] entries)
    {
        using var scope = torch.NewDisposeScope();
        using var left = new CheckpointReader(new MemoryStream(expected), leaveOpen: false);
        using var right = new CheckpointReader(new MemoryStream(actual), leaveOpen: false);
        foreach (var entry in entries)
        {
            var a = left.GetStateDict(entry);
            var b = right.GetStateDict(entry);
            Assert.Equal(a.Keys.Order(), b.Keys.Order());
            foreach (var (name, value) in a)
                Assert.True(value.equal(b[name]).all().item<bool>(), $"{entry}/{name} differs");
        }
    }

    [Fact]
    public void FreezeTrainsOnlyTheClassifierAndKeepsBatchNormStatistics()
    {
        using var data = new TinyUrbanSound(clipsPerClassPerFold: 2);
        var checkpointPath = EncoderCheckpoints.Write(Path.Combine(data.Root, "pretrained.ckpt"), seed: 11);

        var observer = new RecordingObserver();
        FoldJob.Run(data.Request(Protocol.Freeze, epochs: 2, initPath: checkpointPath), null, observer, CancellationToken.None);

        using var scope = torch.NewDisposeScope();
        using var before = new CheckpointReader(File.OpenRead(checkpointPath), leaveOpen: false);
        using var after = new CheckpointReader(new MemoryStream(observer.Checkpoints[^1]), leaveOpen: false);
        var initial = before.GetStateDict(CheckpointEntries.Encoder);
        var trained = after.GetStateDict(CheckpointEntries.Encoder);
        Assert.Contains("bn1.running_mean", trained.Keys);
        foreach (var (name, value) in initial)
            Assert.True(value.equal(trained[name]).all().item<bool>(), $"encoder entry {name} changed under freeze");
        Assert.Contains("classifier", after.Names);
    }

    [Fact]
    public void KnnChoosesKInsideTheTrainingFoldsAndReportsIt()
    {
        using var data = new TinyUrbanSound(clipsPerClassPerFold: 3);
        var checkpoint = EncoderCheckpoints.Write(Path.Combine(data.Root, "knn.ckpt"), seed: 12);

        var result = FoldJob.Run(data.Request(Protocol.Knn, epochs: 30, initPath: checkpoint), null,
            new RecordingObserver(), CancellationToken.None);

        Assert.Single(result.Epochs);
        Assert.Contains(result.ChosenK!.Value, new[] { 1, 3, 5 });
        Assert.True(double.IsNaN(result.Epochs[0].TrainLoss));
        Assert.True(result.BestAccuracy > 0.5, $"kNN accuracy {result.BestAccuracy} on three distinct classes");
    }

    [Fact]
    public void PretrainedStartsFromAWeightsFileAndCancellationStopsBetweenBatches()
    {
        using var data = new TinyUrbanSound(clipsPerClassPerFold: 1);
        var weights = Path.Combine(data.Root, "imagenet-like.pt");
        using (var encoder = EncoderFactory.Create(new ModelOptions { Architecture = "resnet18", Width = 4 }, seed: 13))
            EncoderWeights.Export(encoder, weights);

        var observer = new RecordingObserver();
        var result = FoldJob.Run(data.Request(Protocol.Pretrained, epochs: 1, initPath: weights), null, observer, CancellationToken.None);
        Assert.Single(result.Epochs);

        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() =>
            FoldJob.Run(data.Request(Protocol.Pretrained, epochs: 1, initPath: weights), null, new RecordingObserver(), cancelled.Token));
    }

    [Fact]
    public void TheWaveformStoreFillsOnceAndChangesNothing()
    {
        using var data = new TinyUrbanSound(clipsPerClassPerFold: 1);
        var cache = Path.Combine(data.Root, "cache");
        var plain = FoldJob.Run(data.Request(Protocol.Scratch, epochs: 1), null, new RecordingObserver(), CancellationToken.None);
        var first = FoldJob.Run(data.Request(Protocol.Scratch, epochs: 1) with { CacheDirectory = cache, DataWorkers = 3 }, null, new RecordingObserver(), CancellationToken.None);
        var segment = Directory.GetFiles(cache, "seg-*", SearchOption.AllDirectories).ToDictionary(f => f, File.GetLastWriteTimeUtc);
        Assert.Equal(2, segment.Count);   // one segment (data and index) holding the job's 9 clips
        var second = FoldJob.Run(data.Request(Protocol.Scratch, epochs: 1) with { CacheDirectory = cache }, null, new RecordingObserver(), CancellationToken.None);
        Assert.Equal(segment, Directory.GetFiles(cache, "seg-*", SearchOption.AllDirectories).ToDictionary(f => f, File.GetLastWriteTimeUtc));
        Assert.Equal(plain.Epochs[0].TrainLoss, first.Epochs[0].TrainLoss);
        Assert.Equal(first.Epochs[0].TrainLoss, second.Epochs[0].TrainLoss);
        Assert.Equal(first.BestPredictions.Embeddings, second.BestPredictions.Embeddings);
    }

    [Fact]
    public void ACorruptClipFailsTheJobByNameOrIsSkippedOnRequest()
    {
        using var data = new TinyUrbanSound(clipsPerClassPerFold: 1);
        var victim = Directory.GetFiles(Grid.Learning.Data.UrbanSound8KLayout.FoldFolder(data.Root, 2), "*.wav")[0];
        File.WriteAllBytes(victim, "not audio at all"u8.ToArray());
        var error = Assert.Throws<Grid.Learning.Audio.AudioFormatException>(() =>
            FoldJob.Run(data.Request(Protocol.Scratch, epochs: 1), null, new RecordingObserver(), CancellationToken.None));
        Assert.Contains(victim, error.Message);

        var result = FoldJob.Run(data.Request(Protocol.Scratch, epochs: 1) with { SkipBadClips = true }, null, new RecordingObserver(), CancellationToken.None);
        Assert.Single(result.SkippedClips);
        Assert.Contains(victim, result.SkippedClips[0]);
    }

    [Fact]
    public void ProtocolsThatNeedAnInitialisationSayWhich()
    {
        using var data = new TinyUrbanSound(clipsPerClassPerFold: 1);
        var error = Assert.Throws<ArgumentException>(() =>
            FoldJob.Run(data.Request(Protocol.Finetune, epochs: 1), null, new RecordingObserver(), CancellationToken.None));
        Assert.Contains("InitPath", error.Message);
        var badFold = Assert.Throws<ArgumentException>(() =>
            FoldJob.Run(data.Request(Protocol.Scratch, epochs: 1) with { Fold = 11 }, null, new RecordingObserver(), CancellationToken.None));
        Assert.Contains("Fold 11", badFold.Message);
    }
}
