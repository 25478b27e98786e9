using System.IO.Compression;
using Grid.Learning.Checkpoints;
using Grid.Learning.Pretraining;
using Grid.Learning.Training;
using Grid.Tests.Training;
using Xunit;

namespace Grid.Tests.Pretraining;

[Trait("Category", "Slow")]
public sealed class PretrainedMethodTests
{
    private static PretrainRequest Request(TinyUrbanSound data, PretrainMethod method) => new()
    {
        DatasetRoot = data.Root,
        Layout = "us8k",
        Method = method,
        QueueSize = 16,
        NceNegatives = 64,
        Model = new ModelOptions { Architecture = "resnet18", Width = 4 },
        Training = new TrainingOptions { Epochs = 1, BatchSize = 8, LearningRate = 0.03 },
        Features = TinyUrbanSound.Features,
        Seed = 3,
    };

    private static string Pretrain(TinyUrbanSound data, PretrainRequest request, string name)
    {
        var recorder = new PretrainRecorder();
        PretrainJob.Run(request, null, recorder, CancellationToken.None);
        var path = Path.Combine(data.Root, name);
        File.WriteAllBytes(path, recorder.Checkpoints[^1]);
        return path;
    }

    [Fact]
    public void TheCheckpointRecordsMethodCorpusAndSettings()
    {
        using var data = new TinyUrbanSound(clipsPerClassPerFold: 2);
        var mocoV1 = PretrainCheckpoint.ReadMethod(Pretrain(data, Request(data, PretrainMethod.Moco), "v1.ckpt"));
        Assert.Equal("MoCo v1", mocoV1.Label);   // the thesis's base MoCo is the default
        Assert.Equal(PretrainMethod.Moco, mocoV1.Method);
        Assert.Equal("us8k", mocoV1.Layout);
        Assert.Empty(mocoV1.Folds);
        Assert.Equal(18, mocoV1.ClipCount);
        Assert.Equal(16, mocoV1.QueueSize);
        Assert.Equal(0.999, mocoV1.KeyMomentum);
        Assert.Equal(0.07, mocoV1.Temperature);
        Assert.Equal(8, mocoV1.BatchNormSplits);
        Assert.Null(mocoV1.NceNegatives);
        Assert.Equal(1, mocoV1.Epochs);
        Assert.Equal(8, mocoV1.BatchSize);
        Assert.Equal(0.03, mocoV1.LearningRate);
        Assert.Equal("cosine", mocoV1.Schedule);
        Assert.Equal("MoCo v1 (us8k)", mocoV1.Origin);

        var v2Request = Request(data, PretrainMethod.Moco) with
        {
            MocoVersion = 2,
            Folds = [3, 2],
            Training = new TrainingOptions { Epochs = 1, BatchSize = 4, Schedule = ScheduleKind.Multistep, Milestones = [1, 2] },
        };
        var mocoV2 = PretrainCheckpoint.ReadMethod(Pretrain(data, v2Request, "v2.ckpt"));
        Assert.Equal("MoCo v2", mocoV2.Label);
        Assert.Equal(0.2, mocoV2.Temperature);
        Assert.Equal([2, 3], mocoV2.Folds);
        Assert.Equal(12, mocoV2.ClipCount);
        Assert.Equal([1, 2], mocoV2.Milestones);
        Assert.Equal("MoCo v2 (us8k folds 2,3)", mocoV2.Origin);

        var npid = PretrainCheckpoint.ReadMethod(Pretrain(data, Request(data, PretrainMethod.Npid), "npid.ckpt"));
        Assert.Equal("NPID", npid.Label);
        Assert.Equal((64, 0.5, 0.07), (npid.NceNegatives!.Value, npid.MemoryMomentum!.Value, npid.Temperature!.Value));
        Assert.Null(npid.QueueSize);
        Assert.Null(npid.BatchNormSplits);
        Assert.Empty(npid.Warnings);
    }

    [Fact]
    public void AFoldJobReportsWhereItsEncoderCameFromAndKeepsItWhenResumed()
    {
        using var data = new TinyUrbanSound(clipsPerClassPerFold: 2);
        var moco = Pretrain(data, Request(data, PretrainMethod.Moco), "moco.ckpt");
        var npid = Pretrain(data, Request(data, PretrainMethod.Npid), "npid.ckpt");

        var observer = new RecordingObserver();
        var finetune = FoldJob.Run(data.Request(Protocol.Finetune, epochs: 2, initPath: moco), null, observer, CancellationToken.None);
        Assert.Equal("MoCo v1 (us8k)", finetune.Initialisation);
        Assert.Equal("MoCo v1 (us8k)", FoldResultJson.ToJson(finetune)["initialisation"]!.GetValue<string>());

        // Resumed after epoch 1, the label comes from the fold checkpoint, not from whatever InitPath now names.
        var resumed = FoldJob.Run(data.Request(Protocol.Finetune, epochs: 2, initPath: npid), new MemoryStream(observer.Checkpoints[0]),
            new RecordingObserver(), CancellationToken.None);
        Assert.Equal("MoCo v1 (us8k)", resumed.Initialisation);

        var knn = FoldJob.Run(data.Request(Protocol.Knn, epochs: 1, initPath: npid), null, new RecordingObserver(), CancellationToken.None);
        Assert.Equal("NPID (us8k)", knn.Initialisation);
        var scratch = FoldJob.Run(data.Request(Protocol.Scratch, epochs: 1), null, new RecordingObserver(), CancellationToken.None);
        Assert.Equal("scratch", scratch.Initialisation);
    }

    [Fact]
    public void ACheckpointWrittenBeforeMethodLabelsStillLoadsAsUnknown()
    {
        using var data = new TinyUrbanSound(clipsPerClassPerFold: 2);
        var labelled = Pretrain(data, Request(data, PretrainMethod.Moco), "moco.ckpt");
        var old = Path.Combine(data.Root, "old.ckpt");
        File.Copy(labelled, old);
        using (var archive = ZipFile.Open(old, ZipArchiveMode.Update))
            archive.GetEntry(PretrainCheckpoint.MethodEntry)!.Delete();
        using (var reader = new CheckpointReader(File.OpenRead(old), leaveOpen: false))
            Assert.DoesNotContain(PretrainCheckpoint.MethodEntry, reader.Names);

        Assert.Equal("unknown", PretrainCheckpoint.ReadMethod(old).Label);
        var result = FoldJob.Run(data.Request(Protocol.Freeze, epochs: 1, initPath: old), null, new RecordingObserver(), CancellationToken.None);
        Assert.Equal("unknown (old.ckpt)", result.Initialisation);
        Assert.Single(result.Epochs);
    }

    [Fact]
    public void TheExportedEncoderKeepsTorchvisionNamesUnderSplitBatchNorm()
    {
        using var data = new TinyUrbanSound(clipsPerClassPerFold: 2);
        var checkpoint = Pretrain(data, Request(data, PretrainMethod.Moco) with { BatchNormSplits = 4 }, "moco.ckpt");
        using var scope = TorchSharp.torch.NewDisposeScope();
        using var reader = new CheckpointReader(File.OpenRead(checkpoint), leaveOpen: false);
        var stored = reader.GetStateDict(CheckpointEntries.Encoder);
        using var plain = Grid.Learning.Models.EncoderFactory.Create(new ModelOptions { Architecture = "resnet18", Width = 4 });
        Assert.Equal(plain.state_dict().Keys.Order(), stored.Keys.Order());
        Assert.Equal(4, PretrainCheckpoint.ReadMethod(checkpoint).BatchNormSplits);
    }
}
