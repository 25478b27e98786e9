using Grid.Grains;
using Grid.Learning;
using Grid.Learning.Pretraining;
using Grid.Learning.Training;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Xunit;

namespace Grid.Tests.Contracts;

/// <summary>
/// Job requests cross grain calls typed: a trial's definitions, with their fold and pretraining requests, and a job's
/// work survive Orleans' serializer with the request-record hook, field for field; without the hook they cannot be
/// serialised; and a definition sent by a silo from before requests were typed (its request as JSON in the old field,
/// Id 1) reads typed. Grain state, which the storage serializer writes, is covered by StoredRequestUpgradeTests.
/// </summary>
[Trait("Category", "Unit")]
public sealed class TypedRequestSerializationTests
{
    private static Serializer Serializer(bool withRequestRecords)
    {
        var services = new ServiceCollection()
            .AddSerializer(builder => { if (withRequestRecords) builder.AddRequestRecords(); })
            .BuildServiceProvider();
        return services.GetRequiredService<Serializer>();
    }

    private static PretrainRequest Pretraining() => new()
    {
        DatasetRoot = "",
        Layout = "fsd50k",
        Folds = [2, 3],
        Method = PretrainMethod.Npid,
        Temperature = 0.2,
        Training = new TrainingOptions { Epochs = 7, Schedule = ScheduleKind.Multistep, Milestones = [3, 5] },
        Seed = 41,
    };

    private static FoldJobRequest Fold(int fold) => new()
    {
        DatasetRoot = "",
        Layout = "esc50",
        Fold = fold,
        Protocol = Protocol.Knn,
        Model = new ModelOptions { Architecture = "resnet18", Width = 8 },
        Training = new TrainingOptions { Optimizer = OptimizerKind.Adam, LearningRate = 0.003, KnnCandidates = [1, 7] },
        Features = new Grid.Learning.Audio.FeatureOptions { ClipSeconds = 2.5, MultiResolution = true },
        Seed = 1000 + fold,
        SkipBadClips = true,
    };

    private static TrialDefinition Trial()
    {
        var pretraining = new PretrainingDefinition("pt-abc", Pretraining(), "blob:fsd", 7, 2, 1, Accelerator.Cpu);
        return new TrialDefinition("exp", 3, new Dictionary<string, string> { ["training.learningRate"] = "0.003" },
            [new FoldDefinition(1, Fold(1), "blob:esc", 1, 2, 1, Accelerator.Any, pretraining),
             new FoldDefinition(2, Fold(2), "blob:esc", 1, 2, 1, Accelerator.Any, pretraining)]);
    }

    [Fact]
    public void ATrialsRequestsCrossTheSerializerFieldForField()
    {
        var serializer = Serializer(withRequestRecords: true);
        var trial = Trial();

        var read = serializer.Deserialize<TrialDefinition>(serializer.SerializeToArray(trial))!;

        Assert.Equal(2, read.Folds.Count);
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(RequestFormat.Serialize(trial.Folds[i].Request), RequestFormat.Serialize(read.Folds[i].Request));
            Assert.Equal(RequestFormat.Serialize(trial.Folds[i].Pretraining!.Request), RequestFormat.Serialize(read.Folds[i].Pretraining!.Request));
        }
        Assert.Equal(Protocol.Knn, read.Folds[1].Request.Protocol);
        Assert.Equal(1002, read.Folds[1].Request.Seed);
        Assert.Equal([1, 7], read.Folds[1].Request.Training.KnnCandidates);
        Assert.Equal(2.5, read.Folds[1].Request.Features.ClipSeconds);
        Assert.Equal(PretrainMethod.Npid, read.Folds[0].Pretraining!.Request.Method);
        Assert.Equal([3, 5], read.Folds[0].Pretraining!.Request.Training.Milestones);
        Assert.Equal([2, 3], read.Folds[0].Pretraining!.Request.Folds);
    }

    [Fact]
    public void AJobsWorkCarriesItsTypedRequest()
    {
        var serializer = Serializer(withRequestRecords: true);
        var fold = new JobWork(JobKind.Fold, "blob:esc", "checkpoints/x/epoch-0002.ckpt", 2, null, 1) { FoldRequest = Fold(4) };
        var pretraining = new JobWork(JobKind.Pretraining, "blob:fsd", null, 0, null, 2) { PretrainRequest = Pretraining() };

        var readFold = serializer.Deserialize<JobWork>(serializer.SerializeToArray(fold))!;
        var readPretraining = serializer.Deserialize<JobWork>(serializer.SerializeToArray(pretraining))!;

        Assert.Equal(4, readFold.FoldRequest!.Fold);
        Assert.Equal(OptimizerKind.Adam, readFold.FoldRequest.Training.Optimizer);
        Assert.Null(readFold.PretrainRequest);
        Assert.Equal((2, "checkpoints/x/epoch-0002.ckpt"), (readFold.CompletedEpochs, readFold.ResumeCheckpointBlob));
        Assert.Equal(0.2, readPretraining.PretrainRequest!.Temperature);
        Assert.Null(readPretraining.FoldRequest);
    }

    [Fact]
    public void WithoutTheHookARequestCannotCrossAGrainCall()
    {
        var serializer = Serializer(withRequestRecords: false);
        Assert.ThrowsAny<Exception>(() => serializer.SerializeToArray(Trial()));
    }

#pragma warning disable CS0618 // writes the obsolete field as definitions from before requests were typed held it
    [Fact]
    public void ADefinitionWithItsRequestAsJsonInTheOldFieldReadsTyped()
    {
        var serializer = Serializer(withRequestRecords: true);
        var typed = Trial();
        var pretrainingJson = RequestFormat.Serialize(typed.Folds[0].Pretraining!.Request);
        var stored = typed with
        {
            Folds = [.. typed.Folds.Select(fold => fold with
            {
                Request = null!,
                RequestJson = RequestFormat.Serialize(fold.Request),
                Pretraining = fold.Pretraining! with { Request = null!, RequestJson = pretrainingJson },
            })],
        };

        var loaded = serializer.Deserialize<TrialDefinition>(serializer.SerializeToArray(stored))!;
        Assert.All(loaded.Folds, fold => Assert.Null(fold.Request));

        var upgraded = loaded.WithTypedRequests();
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(RequestFormat.Serialize(typed.Folds[i].Request), RequestFormat.Serialize(upgraded.Folds[i].Request));
            Assert.Equal(pretrainingJson, RequestFormat.Serialize(upgraded.Folds[i].Pretraining!.Request));
            Assert.Null(upgraded.Folds[i].RequestJson);
            Assert.Null(upgraded.Folds[i].Pretraining!.RequestJson);
        }
        Assert.Same(typed.Folds[0].Request, typed.Folds[0].WithTypedRequest().Request);
    }
#pragma warning restore CS0618
}
