using System.Text.Json;
using System.Text.Json.Nodes;
using Grid.Grains.Specs;
using Grid.Learning.Pretraining;
using Grid.Learning.Training;
using Grid.Tests.Cluster;
using Xunit;

namespace Grid.Tests.Studies;

/// <summary>Pretraining on a corpus of its own, listed trials, and studies expanded into one sweep per dataset.</summary>
[Trait("Category", "Unit")]
public sealed class StudySpecTests
{
    private const string Fsd = """{ "layout": "fsd50k", "location": "/data/fsd50k" }""";

    private static string Pretraining(string dataset = Fsd, string extra = "") =>
        $$""", "pretraining": { "dataset": {{dataset}}, "method": "moco", "queueSize": 16, "training": { "epochs": 2, "batchSize": 8 }{{extra}} }""";

    private static PretrainRequest Request(Grid.Grains.PretrainingDefinition definition) =>
        definition.Request;

    [Fact]
    public void APretrainingCorpusOfItsOwnIsWhatThePretrainingReadsAndPartOfItsKey()
    {
        var spec = SpecSamples.Tiny(extra: Pretraining()).Replace("\"scratch\"", "\"finetune\"");
        var definition = SweepPlanner.Plan("e", spec).Trials[0].Folds[0].Pretraining!;

        Assert.Equal("/data/fsd50k", definition.DatasetLocation);
        Assert.Equal("fsd50k", Request(definition).Layout);
        Assert.Empty(Request(definition).Folds);
        var elsewhere = SweepPlanner.Plan("e", spec.Replace("/data/fsd50k", "/other/fsd50k")).Trials[0].Folds[0].Pretraining!;
        Assert.NotEqual(definition.Key, elsewhere.Key);
        var inDomain = SweepPlanner.Plan("e", SpecSamples.Tiny(extra: """, "pretraining": { "method": "moco", "queueSize": 16 }""").Replace("\"scratch\"", "\"finetune\""));
        Assert.Equal("/data/us8k", inDomain.Trials[0].Folds[0].Pretraining!.DatasetLocation);
        Assert.Equal("us8k", Request(inDomain.Trials[0].Folds[0].Pretraining!).Layout);
    }

    [Theory]
    [InlineData("""{ "layout": "nope", "location": "/x" }""", "", "pretraining.dataset.layout")]
    [InlineData("""{ "layout": "fsd50k" }""", "", "pretraining.dataset.location")]
    [InlineData("""{ "layout": "fsd50k", "location": "/x", "folds": [4] }""", "", "pretraining.dataset.folds[0]")]
    [InlineData("""{ "layout": "fsd50k", "location": "/x", "extra": 1 }""", "", "pretraining.dataset.extra")]
    [InlineData(Fsd, """, "folds": [1]""", "pretraining.folds")]
    [InlineData("\"fsd50k\"", "", "pretraining.dataset")]
    public void ABadPretrainingCorpusIsRefusedNamingTheField(string dataset, string extra, string field)
    {
        var spec = SpecSamples.Tiny(extra: Pretraining(dataset, extra)).Replace("\"scratch\"", "\"finetune\"");
        var error = Assert.Throws<SpecException>(() => SweepPlanner.Plan("e", spec));
        Assert.Equal(field, error.Field);
    }

    [Fact]
    public void ListedTrialsComeInTheirOrderAndCrossTheSearchSpace()
    {
        var spec = SpecSamples.Tiny(search: """{ "training.learningRate": { "grid": [0.1, 0.01] } }""", extra: Pretraining() + """
            , "trials": [ { "protocol": "knn", "pretraining.method": "npid" }, { "protocol": "scratch" } ]
            """);
        var plan = SweepPlanner.Plan("e", spec);

        Assert.Equal(4, plan.Trials.Count);
        var first = plan.Trials[0].Folds[0].Request;
        Assert.Equal(Protocol.Knn, first.Protocol);
        Assert.Equal(PretrainMethod.Npid, Request(plan.Trials[0].Folds[0].Pretraining!).Method);
        Assert.Equal("0.1", plan.Trials[0].Parameters["training.learningRate"]);
        Assert.Equal("0.01", plan.Trials[1].Parameters["training.learningRate"]);
        Assert.Null(plan.Trials[2].Folds[0].Pretraining);
        Assert.Equal("scratch", plan.Trials[3].Parameters["protocol"]);
    }

    [Theory]
    [InlineData("""[ { "protocol": "knn" } ]""", """{ "protocol": { "grid": ["scratch"] } }""", "trials[0].protocol")]
    [InlineData("""[ { "dataset.layout": "esc50" } ]""", "{}", "trials[0].dataset.layout")]
    [InlineData("""[ ]""", "{}", "trials")]
    [InlineData("""[ 3 ]""", "{}", "trials[0]")]
    public void BadListedTrialsAreRefusedNamingTheField(string trials, string search, string field)
    {
        var spec = SpecSamples.Tiny(search: search, extra: $", \"trials\": {trials}");
        Assert.Equal(field, Assert.Throws<SpecException>(() => SweepPlanner.Plan("e", spec)).Field);
    }

    private static string Study(string datasets) => $$"""
    {
      "name": "mini",
      "seed": 3,
      "pretraining": { "dataset": {{Fsd}}, "method": "moco", "queueSize": 16, "training": { "epochs": 2, "batchSize": 8 } },
      "protocol": "scratch",
      "model": { "architecture": "resnet18", "width": 4 },
      "training": { "epochs": 2, "batchSize": 8 },
      "features": { "sampleRate": 8000, "nMels": 32, "nFft": 256, "hopLength": 128, "clipSeconds": 1.0 },
      "trials": [
        { "protocol": "finetune", "pretraining.method": "moco" }, { "protocol": "knn", "pretraining.method": "moco" },
        { "protocol": "freeze", "pretraining.method": "npid" }, { "protocol": "scratch" }
      ],
      "datasets": {{datasets}}
    }
    """;

    [Fact]
    public void AStudyIsOneSweepPerDatasetSharingOnePretrainingRunPerMethod()
    {
        var experiments = StudyPlanner.Plan("s1", Study("""
            [ { "layout": "us8k", "location": "/data/us8k", "folds": [1, 2] },
              { "layout": "esc50", "location": "/data/esc50", "features": { "clipSeconds": 2.0 } } ]
            """));

        Assert.Equal(["s1-us8k", "s1-esc50"], experiments.Select(e => e.ExperimentId));
        var plans = experiments.Select(e => SweepPlanner.Plan(e.ExperimentId, e.SpecJson)).ToArray();
        Assert.Equal("esc50", plans[1].Spec.Dataset.Layout);
        Assert.Equal([1, 2, 3, 4, 5], plans[1].Spec.Dataset.Folds);
        var esc50Fold = plans[1].Trials[0].Folds[0].Request;
        Assert.Equal(2.0, esc50Fold.Features.ClipSeconds);
        Assert.Equal(8000, esc50Fold.Features.SampleRate);
        var keys = plans.Select(p => p.Trials.Select(t => t.Folds[0].Pretraining?.Key).ToArray()).ToArray();
        Assert.Equal(keys[0], keys[1]);
        Assert.Equal(keys[0][0], keys[0][1]);
        Assert.NotEqual(keys[0][0], keys[0][2]);
        Assert.Null(keys[0][3]);
        Assert.Equal(1.0, Request(plans[1].Trials[0].Folds[0].Pretraining!).Features.ClipSeconds);
    }

    [Theory]
    [InlineData("""[ { "layout": "us8k", "location": "/d", "folds": [11] } ]""", "datasets[0] (us8k): dataset.folds[0]")]
    [InlineData("""[ { "layout": "us8k", "location": "/d", "colour": 1 } ]""", "datasets[0].colour")]
    [InlineData("""[ { "layout": "us8k", "location": "/d" }, { "layout": "us8k", "location": "/e" } ]""", "datasets[1].layout")]
    [InlineData("""[ ]""", "datasets")]
    public void ABadStudyIsRefusedNamingTheDatasetAndField(string datasets, string field)
    {
        Assert.Equal(field, Assert.Throws<SpecException>(() => StudyPlanner.Plan("s", Study(datasets))).Field);
    }

    [Fact]
    public void AStudyMustPretrainOnACorpusOfItsOwn()
    {
        var json = JsonNode.Parse(Study("""[ { "layout": "us8k", "location": "/d" } ]"""))!.AsObject();
        json["pretraining"]!.AsObject().Remove("dataset");
        Assert.Equal("pretraining.dataset", Assert.Throws<SpecException>(() => StudyPlanner.Plan("s", json.ToJsonString())).Field);
    }

    [Fact]
    public void TheThesisStudySpecsPlan()
    {
        foreach (var file in new[] { "study.json", "mini.json" })
        {
            var json = File.ReadAllText(Path.Combine(Infrastructure.RepositoryRoot.Path, "specs", "lin2022", file));
            var experiments = StudyPlanner.Plan("lin", json);
            Assert.Equal(["lin-esc50", "lin-us8k", "lin-dcase2013", "lin-gtzan"], experiments.Select(e => e.ExperimentId));
            var keys = experiments.SelectMany(e => SweepPlanner.Plan(e.ExperimentId, e.SpecJson).Trials)
                .Select(t => t.Folds[0].Pretraining?.Key).Where(k => k is not null).Distinct().Count();
            Assert.Equal(2, keys);
        }
    }
}
