using System.Text.Json.Nodes;
using Grid.Grains.Specs;
using Grid.Learning.Audio;
using Grid.Learning.Pretraining;
using Grid.Learning.Settings;
using Grid.Learning.Training;
using Grid.Tests.Cluster;
using TorchSharp;
using Xunit;

namespace Grid.Tests.Specs;

/// <summary>
/// Every numeric range of the learning library's request records, enumerated and pushed just past each end through a
/// sweep spec: the spec validator must refuse it naming the same field the record's own <c>Validate()</c> names.
/// </summary>
[Trait("Category", "Unit")]
public sealed class RequestRangeTests
{
    /// <summary>(spec block, record range) for every range a spec can set.</summary>
    public static TheoryData<string, string> Ranges()
    {
        var data = new TheoryData<string, string>();
        foreach (var range in ModelOptions.Ranges) data.Add("model", range.Field);
        foreach (var range in TrainingOptions.Ranges) data.Add("training", range.Field);
        foreach (var range in FeatureOptions.Ranges) data.Add("features", range.Field);
        foreach (var range in PretrainRequest.Ranges) data.Add("pretraining", range.Field);
        foreach (var range in TrainingOptions.Ranges) data.Add("pretraining.training", range.Field);
        return data;
    }

    [Theory]
    [MemberData(nameof(Ranges))]
    public void TheSpecValidatorRefusesEachRecordRangeAtBothEndsNamingTheField(string block, string field)
    {
        var range = RangeOf(block, field);
        foreach (var outside in new[] { Below(range), Above(range) })
        {
            var spec = SpecWith(block, field, JsonValue.Create(outside));
            var error = Assert.Throws<SpecException>(() => SweepPlanner.Plan("exp", spec));
            Assert.Equal($"{block}.{field}", error.Field);
            Assert.Contains(range.Describe(), error.Message);
            Assert.False(range.Contains(outside));
        }
        var inside = range.Integer ? Math.Ceiling((range.Min + range.Max) / 2) : (range.Min + range.Max) / 2;
        Assert.True(range.Contains(inside));
    }

    [Theory]
    [InlineData("training", "learningRate", "Infinity")]
    [InlineData("training", "momentum", "NaN")]
    [InlineData("features", "clipSeconds", "-Infinity")]
    [InlineData("pretraining", "keyMomentum", "NaN")]
    public void NonFiniteNumbersAreRefused(string block, string field, string literal)
    {
        var error = Assert.Throws<SpecException>(() => SweepPlanner.Plan("exp", SpecWith(block, field, JsonValue.Create(literal))));
        Assert.Equal($"{block}.{field}", error.Field);
    }

    [Fact]
    public void MemoryMomentumOfOneIsRefusedAtLaunchByTheCheckNpidApplies()
    {
        var spec = SpecWith("pretraining", "memoryMomentum", JsonValue.Create(1.0));
        var error = Assert.Throws<SpecException>(() => SweepPlanner.Plan("exp", spec));
        Assert.Equal("pretraining.memoryMomentum", error.Field);

        var request = new PretrainRequest { DatasetRoot = "", Layout = "us8k", Method = PretrainMethod.Npid, MemoryMomentum = 1 };
        Assert.Equal("memoryMomentum", Assert.Single(request.Validate()).Field);
        var thrown = Assert.Throws<ArgumentOutOfRangeException>(() => new Npid(torch.nn.Identity(), 4, 8, memoryMomentum: 1));
        Assert.Contains(PretrainRequest.MemoryMomentumRange.Describe(), thrown.Message);
        var runError = Assert.Throws<ArgumentException>(() => PretrainJob.Run(request, null, new NoObserver(), CancellationToken.None));
        Assert.Contains("memoryMomentum", runError.Message);
    }

    [Fact]
    public void AFoldJobRunRefusesAnOutOfRangeRequestBeforeReadingAnything()
    {
        var request = new FoldJobRequest
        {
            DatasetRoot = "/nowhere", Layout = "us8k", Fold = 1, Protocol = Protocol.Scratch,
            Training = new TrainingOptions { BatchSize = 0 },
        };
        var error = Assert.Throws<ArgumentException>(() => FoldJob.Run(request, null, new NoObserver(), CancellationToken.None));
        Assert.Contains("training.batchSize", error.Message);
    }

    [Fact]
    public void TheDefaultsOfEveryRequestRecordLieInsideTheirRanges()
    {
        Assert.Empty(new FoldJobRequest { DatasetRoot = "", Layout = "us8k", Fold = 1, Protocol = Protocol.Scratch }.Validate());
        Assert.Empty(new PretrainRequest { DatasetRoot = "", Layout = "us8k" }.Validate());
    }

    [Fact]
    public void TheShippedDemoSpecStillPlansWithItsSpellings()
    {
        var json = File.ReadAllText(Path.Combine(Infrastructure.RepositoryRoot.Path, "specs", "demo.json"));
        var plan = SweepPlanner.Plan("demo", json);
        Assert.Equal(4, plan.Trials.Count);
        var request = plan.Trials[0].Folds[0].Request;
        Assert.Equal(OptimizerKind.Sgd, request.Training.Optimizer);
        Assert.Contains("\"optimizer\":\"sgd\"", Grid.Learning.RequestFormat.Serialize(plan.Trials[0].Folds[0].Request));
        Assert.Contains("\"schedule\":\"cosine\"", Grid.Learning.RequestFormat.Serialize(plan.Trials[0].Folds[0].Request));
    }

    private static NumericRange RangeOf(string block, string field)
    {
        IReadOnlyList<NumericRange> ranges = block switch
        {
            "model" => ModelOptions.Ranges,
            "features" => FeatureOptions.Ranges,
            "pretraining" => PretrainRequest.Ranges,
            _ => TrainingOptions.Ranges,
        };
        return ranges.Single(r => r.Field == field);
    }

    private static double Below(NumericRange range) => range.Integer ? range.Min - 1 : range.MinExclusive ? range.Min : range.Min - 1e-9 - Math.Abs(range.Min) * 1e-9;

    private static double Above(NumericRange range) => range.Integer ? range.Max + 1 : range.MaxExclusive ? range.Max : range.Max * (1 + 1e-9) + 1e-9;

    /// <summary>A tiny spec (with a pretraining block and the fine-tune protocol) with <paramref name="field"/> of <paramref name="block"/> set.</summary>
    private static string SpecWith(string block, string field, JsonNode value)
    {
        var spec = JsonNode.Parse(SpecSamples.Tiny().Replace("\"scratch\"", "\"finetune\""))!.AsObject();
        spec["pretraining"] = new JsonObject { ["method"] = "npid", ["training"] = new JsonObject { ["epochs"] = 2 } };
        var node = spec;
        foreach (var part in block.Split('.')) node = node[part]!.AsObject();
        node[field] = value;
        return spec.ToJsonString();
    }

    private sealed class NoObserver : IFoldJobObserver, IPretrainObserver
    {
        public void EpochCompleted(EpochMetrics metrics, Action<Stream> writeCheckpoint) { }
        public void EpochCompleted(int epoch, double loss, Action<Stream> writeCheckpoint) { }
    }
}
