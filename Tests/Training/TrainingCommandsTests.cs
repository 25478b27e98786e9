using System.Text.Json.Nodes;
using Grid.Client;
using Grid.Learning.Pretraining;
using Xunit;

namespace Grid.Tests.Training;

[Trait("Category", "Slow")]
public sealed class TrainingCommandsTests
{
    private static string[] Tiny(TinyUrbanSound data) =>
    [
        "--data", data.Root, "--layout", "us8k", "--width", "4", "--batch-size", "8", "--threads", "1",
        "--sample-rate", "8000", "--n-fft", "256", "--hop", "128", "--n-mels", "32", "--clip-seconds", "1",
    ];

    [Fact]
    public async Task PretrainThenFinetuneWritesTheCheckpointAndTheJsonReport()
    {
        using var data = new TinyUrbanSound(clipsPerClassPerFold: 2);
        var checkpoint = Path.Combine(data.Root, "npid.ckpt");
        var pretrain = await TrainingCommands.CreatePretrain()
            .Parse([.. Tiny(data), "--method", "npid", "--epochs", "2", "--nce-negatives", "64", "--out", checkpoint]).InvokeAsync();
        Assert.Equal(0, pretrain);
        Assert.True(File.Exists(checkpoint));
        Assert.False(File.Exists(checkpoint + ".tmp"));

        var json = Path.Combine(data.Root, "fold1.json");
        var train = await TrainingCommands.Create()
            .Parse([.. Tiny(data), "--fold", "1", "--protocol", "finetune", "--init", checkpoint, "--epochs", "2", "--json", json]).InvokeAsync();
        Assert.Equal(0, train);

        var report = JsonNode.Parse(File.ReadAllText(json))!.AsObject();
        Assert.Equal(10, report["classes"]!.AsArray().Count);
        var epochs = report["epochs"]!.AsArray();
        Assert.Equal(2, epochs.Count);
        Assert.Equal(10, epochs[0]!["confusion"]!.AsArray().Count);
        Assert.Equal(10, epochs[0]!["f1"]!.AsArray().Count);
        Assert.NotNull(epochs[1]!["loss"]);
        var best = report["best"]!;
        Assert.InRange(best["epoch"]!.GetValue<int>(), 1, 2);
        Assert.Null(report["k"]);
        var predictions = report["predictions"]!;
        Assert.Equal(6, predictions["clip"]!.AsArray().Count);
        Assert.Equal(6, predictions["predicted"]!.AsArray().Count);
    }

    [Fact]
    public async Task PretrainResumeContinuesFromTheCheckpointFile()
    {
        using var data = new TinyUrbanSound(clipsPerClassPerFold: 2);
        var checkpoint = Path.Combine(data.Root, "moco.ckpt");
        string[] moco = [.. Tiny(data), "--method", "moco", "--queue-size", "8", "--out", checkpoint];
        Assert.Equal(0, await TrainingCommands.CreatePretrain().Parse([.. moco, "--epochs", "1"]).InvokeAsync());
        Assert.Equal(0, await TrainingCommands.CreatePretrain().Parse([.. moco, "--epochs", "2", "--resume"]).InvokeAsync());

        using var reader = new Grid.Learning.Checkpoints.CheckpointReader(File.OpenRead(checkpoint), leaveOpen: false);
        var progress = reader.GetJson<Grid.Learning.Pretraining.PretrainProgress>("pretrain.json");
        Assert.Equal(2, progress.EpochsCompleted);
        Assert.Equal(2, progress.EpochLosses.Count);
    }

    [Fact]
    public async Task ABadRequestEndsWithExitCodeOneAndAnOptionOutOfRangeWithTwo()
    {
        using var data = new TinyUrbanSound(clipsPerClassPerFold: 1);
        var missingInit = await TrainingCommands.Create().Parse([.. Tiny(data), "--fold", "1", "--protocol", "freeze", "--epochs", "1"]).InvokeAsync();
        Assert.Equal(1, missingInit);
        var badProtocol = await TrainingCommands.Create().Parse([.. Tiny(data), "--fold", "1", "--protocol", "simclr"]).InvokeAsync();
        Assert.Equal(1, badProtocol);
        var milestonesOutOfOrder = await TrainingCommands.CreatePretrain()
            .Parse([.. Tiny(data), "--method", "moco", "--queue-size", "64", "--milestones", "160,120", "--out", Path.Combine(data.Root, "x.ckpt")]).InvokeAsync();
        Assert.Equal(2, milestonesOutOfOrder);
        var notAnEpoch = await TrainingCommands.CreatePretrain()
            .Parse([.. Tiny(data), "--milestones", "120,late", "--out", Path.Combine(data.Root, "x.ckpt")]).InvokeAsync();
        Assert.Equal(1, notAnEpoch);
    }

    [Fact]
    public async Task PretrainWithTheThesisDefaultsRunsOnATinyDatasetAndWarns()
    {
        using var data = new TinyUrbanSound(clipsPerClassPerFold: 2);
        var checkpoint = Path.Combine(data.Root, "moco.ckpt");
        string[] tinyData = ["--data", data.Root, "--layout", "us8k", "--width", "4", "--threads", "1",
            "--sample-rate", "8000", "--n-fft", "256", "--hop", "128", "--n-mels", "32", "--clip-seconds", "1"];
        var errors = new StringWriter();
        var standardError = Console.Error;
        Console.SetError(errors);
        int exit;
        try
        {
            exit = await TrainingCommands.CreatePretrain().Parse([.. tinyData, "--epochs", "1", "--out", checkpoint]).InvokeAsync();
        }
        finally
        {
            Console.SetError(standardError);
        }
        Assert.True(exit == 0, errors.ToString());

        var method = PretrainCheckpoint.ReadMethod(checkpoint);
        var defaults = new PretrainRequest { DatasetRoot = "", Layout = "" };
        Assert.Equal("MoCo v1", method.Label);
        Assert.Equal(defaults.QueueSize, method.QueueSize);
        Assert.Equal(65536, method.QueueSize);
        Assert.Equal(0.07, method.Temperature);
        Assert.Equal(8, method.BatchNormSplits);
        Assert.Equal(0.03, method.LearningRate);
        Assert.Equal(1e-4, method.WeightDecay);
        Assert.Equal("multistep", method.Schedule);
        Assert.Equal([120, 160], method.Milestones);
        Assert.Equal(0.1, method.StepGamma);
        Assert.Equal(16, method.BatchSize);   // 256 shrinks to the largest batch within the 18 clips that divides 65,536
        Assert.Equal(2, method.Warnings.Count);
        foreach (var warning in method.Warnings) Assert.Contains("warning: " + warning, errors.ToString());
    }

    [Fact]
    public async Task PretrainTakesAMultistepScheduleWithItsMilestones()
    {
        using var data = new TinyUrbanSound(clipsPerClassPerFold: 2);
        var checkpoint = Path.Combine(data.Root, "moco.ckpt");
        var exit = await TrainingCommands.CreatePretrain().Parse([.. Tiny(data), "--queue-size", "16", "--epochs", "1", "--schedule", "multistep",
            "--milestones", "3,7", "--step-gamma", "0.5", "--moco-version", "2", "--batchnorm-splits", "1", "--out", checkpoint]).InvokeAsync();
        Assert.Equal(0, exit);
        var method = PretrainCheckpoint.ReadMethod(checkpoint);
        Assert.Equal([3, 7], method.Milestones);
        Assert.Equal((0.5, "MoCo v2", 1), (method.StepGamma!.Value, method.Label, method.BatchNormSplits!.Value));
        Assert.Empty(method.Warnings);
    }
}
