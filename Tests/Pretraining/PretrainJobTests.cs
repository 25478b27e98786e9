using Grid.Learning.Pretraining;
using Grid.Learning.Training;
using Grid.Tests.Training;
using Xunit;
using Xunit.Abstractions;

namespace Grid.Tests.Pretraining;

[Trait("Category", "Slow")]
public sealed class PretrainJobTests(ITestOutputHelper output)
{
    private static PretrainRequest Request(TinyUrbanSound data, PretrainMethod method, int epochs) => new()
    {
        DatasetRoot = data.Root,
        Layout = "us8k",
        Method = method,
        QueueSize = 32,
        NceNegatives = 256,
        Model = new ModelOptions { Architecture = "resnet18", Width = 4 },
        Training = new TrainingOptions { Epochs = epochs, BatchSize = 8, LearningRate = 0.03, WeightDecay = 1e-4 },
        Features = TinyUrbanSound.Features,
        Seed = 3,
    };

    [Theory]
    [InlineData(PretrainMethod.Moco)]
    [InlineData(PretrainMethod.Npid)]
    public void LossFalls(PretrainMethod method)
    {
        using var data = new TinyUrbanSound(clipsPerClassPerFold: 6);
        var observer = new PretrainRecorder();
        // Learning rate 0.01 over 20 epochs: with correct convolution gradients NPID at 0.03 on 54 clips of a width-4
        // encoder wanders (seeds 3 and 4 miss, 0.1 diverges), while 0.01 falls for seeds 3, 4 and 5 alike.
        var request = Request(data, method, epochs: 20);
        request = request with { Training = request.Training with { LearningRate = 0.01 } };
        var result = PretrainJob.Run(request, null, observer, CancellationToken.None);
        var trace = string.Join(", ", result.EpochLosses.Select(l => l.ToString("F3")));
        output.WriteLine(trace);
        Assert.Equal(20, result.EpochLosses.Count);
        Assert.Equal(result.EpochLosses, observer.Losses);
        Assert.All(result.EpochLosses, l => Assert.True(double.IsFinite(l)));
        // The first epoch meets a random queue (MoCo) or a bank of untrained features (NPID): judge after it settles.
        Assert.True(result.EpochLosses.TakeLast(3).Average() < result.EpochLosses.Take(3).Max() - 0.1, trace);
    }

    [Fact]
    public void AQueueLongerThanTheClipsRunsAndSaysSo()
    {
        using var data = new TinyUrbanSound(clipsPerClassPerFold: 1);
        var recorder = new PretrainRecorder();
        var result = PretrainJob.Run(Request(data, PretrainMethod.Moco, 2) with { QueueSize = 64 }, null, recorder, CancellationToken.None);

        Assert.Equal(2, result.EpochLosses.Count);
        Assert.All(result.EpochLosses, l => Assert.True(double.IsFinite(l)));
        var warning = Assert.Single(result.Warnings);
        Assert.Contains("QueueSize 64", warning);
        Assert.Contains("9 training clips", warning);
        var method = PretrainCheckpoint.ReadMethod(new MemoryStream(recorder.Checkpoints[^1]));
        Assert.Equal(result.Warnings, method.Warnings);
        Assert.Equal(64, method.QueueSize);
        Assert.Equal(9, method.ClipCount);
    }

    [Fact]
    public void ABatchLargerThanTheClipsShrinksToOneThatDividesTheQueue()
    {
        using var data = new TinyUrbanSound(clipsPerClassPerFold: 1);
        var recorder = new PretrainRecorder();
        var request = Request(data, PretrainMethod.Moco, 1) with { QueueSize = 24 };
        var result = PretrainJob.Run(request with { Training = request.Training with { BatchSize = 256 } }, null, recorder, CancellationToken.None);

        Assert.Equal(2, result.Warnings.Count);
        Assert.Contains("BatchSize 256 exceeds the 9 training clips", result.Warnings[0]);
        Assert.Contains("batches of 8", result.Warnings[0]);   // the largest size up to 9 that divides 24
        Assert.Equal(8, PretrainCheckpoint.ReadMethod(new MemoryStream(recorder.Checkpoints[^1])).BatchSize);
    }

    [Theory]
    [InlineData(PretrainMethod.Moco)]
    [InlineData(PretrainMethod.Npid)]
    public void ResumingGivesBitIdenticalLossesQueueAndMemory(PretrainMethod method)
    {
        using var data = new TinyUrbanSound(clipsPerClassPerFold: 3);
        var request = Request(data, method, epochs: 3) with { QueueSize = 16 };
        var uninterrupted = new PretrainRecorder();
        var full = PretrainJob.Run(request, null, uninterrupted, CancellationToken.None);
        var resumed = new PretrainRecorder();
        var rest = PretrainJob.Run(request, new MemoryStream(uninterrupted.Checkpoints[0]), resumed, CancellationToken.None);

        Assert.Equal(full.EpochLosses, rest.EpochLosses);
        Assert.Equal(2, resumed.Losses.Count);
        FoldJobTests.AssertSameWeights(uninterrupted.Checkpoints[^1], resumed.Checkpoints[^1], "encoder", "pretrain");
    }

    [Fact]
    public void FinetuneStartsFromThePretrainedEncoder()
    {
        using var data = new TinyUrbanSound(clipsPerClassPerFold: 2);
        var recorder = new PretrainRecorder();
        PretrainJob.Run(Request(data, PretrainMethod.Moco, epochs: 1) with { QueueSize = 8 }, null, recorder, CancellationToken.None);
        var checkpoint = Path.Combine(data.Root, "moco.ckpt");
        File.WriteAllBytes(checkpoint, recorder.Checkpoints[^1]);

        var observer = new RecordingObserver();
        var result = FoldJob.Run(data.Request(Protocol.Finetune, epochs: 1, initPath: checkpoint), null, observer, CancellationToken.None);
        Assert.Single(result.Epochs);
        Assert.Equal(6, result.BestPredictions.Clips.Length);
    }
}

internal sealed class PretrainRecorder : IPretrainObserver
{
    public List<double> Losses { get; } = [];
    public List<byte[]> Checkpoints { get; } = [];

    public void EpochCompleted(int epoch, double loss, Action<Stream> writeCheckpoint)
    {
        Losses.Add(loss);
        using var buffer = new MemoryStream();
        writeCheckpoint(buffer);
        Checkpoints.Add(buffer.ToArray());
    }
}
