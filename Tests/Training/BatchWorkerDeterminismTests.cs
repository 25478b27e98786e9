using Grid.Learning.Checkpoints;
using Grid.Learning.Pretraining;
using Grid.Learning.Training;
using Grid.Tests.Pretraining;
using Xunit;

namespace Grid.Tests.Training;

/// <summary>
/// Batches prepared ahead of the model (<see cref="TrainingBatches"/>) draw each clip's augmentation from (seed, epoch,
/// clip, view), so the number of threads preparing them changes nothing, bit for bit.
/// </summary>
[Trait("Category", "Unit")]
public sealed class BatchWorkerDeterminismTests
{
    [Fact]
    public void AFoldJobGivesTheSameLossesAccuraciesAndWeightsWithZeroOneAndFourWorkers()
    {
        using var data = new TinyUrbanSound(clipsPerClassPerFold: 3);
        var request = data.Request(Protocol.Scratch, epochs: 2);
        request = request with { Training = request.Training with { BatchSize = 4, PitchShiftSemitones = 1 } };
        var runs = new[] { 0, 1, 4 }.Select(workers =>
        {
            var observer = new RecordingObserver();
            var result = FoldJob.Run(request with { BatchWorkers = workers }, null, observer, CancellationToken.None);
            return (Result: result, Observer: observer);
        }).ToArray();

        var inline = runs[0];
        foreach (var (result, observer) in runs.Skip(1))
        {
            Assert.Equal(inline.Result.Epochs.Select(e => e.TrainLoss), result.Epochs.Select(e => e.TrainLoss));
            Assert.Equal(inline.Result.Epochs.Select(e => e.ValidationLoss), result.Epochs.Select(e => e.ValidationLoss));
            Assert.Equal(inline.Result.Epochs.Select(e => e.Accuracy), result.Epochs.Select(e => e.Accuracy));
            Assert.Equal(inline.Result.BestPredictions.Embeddings, result.BestPredictions.Embeddings);
            FoldJobTests.AssertSameWeights(inline.Observer.Checkpoints[^1], observer.Checkpoints[^1], CheckpointEntries.Encoder, "classifier");
        }
        Assert.All(runs.SelectMany(r => r.Result.Epochs), e => Assert.InRange(e.DataWaitSeconds, 1e-6, e.Seconds));
    }

    [Fact]
    public void AMocoRunGivesTheSameLossesAndWeightsWithZeroOneAndFourWorkers()
    {
        using var data = new TinyUrbanSound(clipsPerClassPerFold: 2);
        var request = new PretrainRequest
        {
            DatasetRoot = data.Root,
            Layout = "us8k",
            Method = PretrainMethod.Moco,
            QueueSize = 16,
            BatchNormSplits = 2,
            Model = new ModelOptions { Architecture = "resnet18", Width = 4 },
            Training = new TrainingOptions { Epochs = 2, BatchSize = 4, LearningRate = 0.03, WeightDecay = 1e-4 },
            Features = TinyUrbanSound.Features,
            Seed = 3,
        };
        var runs = new[] { 0, 1, 4 }.Select(workers =>
        {
            var recorder = new WaitRecorder();
            var result = PretrainJob.Run(request with { BatchWorkers = workers }, null, recorder, CancellationToken.None);
            return (Result: result, Recorder: recorder);
        }).ToArray();

        Assert.Equal(2, runs[0].Result.EpochLosses.Count);
        foreach (var (result, recorder) in runs.Skip(1))
        {
            Assert.Equal(runs[0].Result.EpochLosses, result.EpochLosses);
            FoldJobTests.AssertSameWeights(runs[0].Recorder.Checkpoints[^1], recorder.Checkpoints[^1], "encoder", "pretrain");
        }
        Assert.All(runs, r => Assert.Equal([1, 2], r.Recorder.Waits.Select(w => w.Epoch)));
        Assert.All(runs.SelectMany(r => r.Recorder.Waits), w => Assert.True(w.Seconds > 0, $"epoch {w.Epoch} waited {w.Seconds} s"));
    }

    [Fact]
    public void AClipsViewDependsOnlyOnSeedEpochClipAndView()
    {
        Assert.Equal(TrainingBatches.SampleRandom(7, 2, 11, 0).Next(), TrainingBatches.SampleRandom(7, 2, 11, 0).Next());
        var others = new[] { TrainingBatches.SampleRandom(8, 2, 11, 0), TrainingBatches.SampleRandom(7, 3, 11, 0),
            TrainingBatches.SampleRandom(7, 2, 12, 0), TrainingBatches.SampleRandom(7, 2, 11, 1) };
        var first = TrainingBatches.SampleRandom(7, 2, 11, 0).Next();
        Assert.All(others, other => Assert.NotEqual(first, other.Next()));
    }

    private sealed class WaitRecorder : IPretrainObserver
    {
        public List<byte[]> Checkpoints { get; } = [];
        public List<(int Epoch, double Seconds)> Waits { get; } = [];

        public void EpochCompleted(int epoch, double loss, Action<Stream> writeCheckpoint)
        {
            using var buffer = new MemoryStream();
            writeCheckpoint(buffer);
            Checkpoints.Add(buffer.ToArray());
        }

        public void EpochDataWait(int epoch, double dataWaitSeconds) => Waits.Add((epoch, dataWaitSeconds));
    }
}
