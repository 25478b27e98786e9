using System.Text.Json;
using Grid.Grains;
using Grid.Grains.Specs;
using Grid.Learning.Training;
using Xunit;

namespace Grid.Tests.Cluster;

[Trait("Category", "Unit")]
public sealed class SweepSpecTests
{
    [Fact]
    public void ParsesAFullSpecIntoTrialsAndFoldRequests()
    {
        var plan = SweepPlanner.Plan("exp", SpecSamples.Tiny(search: """{ "training.learningRate": { "grid": [0.1, 0.01] } }"""));

        Assert.Equal(2, plan.Trials.Count);
        Assert.Equal(3, plan.Trials[0].Folds.Count);
        Assert.Equal("0.1", plan.Trials[0].Parameters["training.learningRate"]);
        var request = plan.Trials[1].Folds[2].Request;
        Assert.Equal(0.01, request.Training.LearningRate);
        Assert.Equal(3, request.Fold);
        Assert.Equal(Protocol.Scratch, request.Protocol);
        Assert.Equal("resnet18", request.Model.Architecture);
        Assert.Equal(8000, request.Features.SampleRate);
        Assert.Equal(3, plan.EpochsPerFold);
    }

    [Fact]
    public void GridTimesSamplesGivesTheTrialCountAndRandomDrawsAreReproducible()
    {
        const string search = """
            { "training.batchSize": { "grid": [8, 16] }, "training.learningRate": { "loguniform": [0.0001, 0.1] },
              "training.momentum": { "uniform": [0.5, 0.9] }, "training.warmupEpochs": { "randint": [0, 2] },
              "model.architecture": { "choice": ["resnet18", "resnet34"] } }
            """;
        var spec = SpecSamples.Tiny(search: search, extra: ", \"samples\": 3");
        var first = SweepPlanner.Plan("a", spec);
        var second = SweepPlanner.Plan("b", spec);

        Assert.Equal(6, first.Trials.Count);
        Assert.Equal(first.Trials.Select(t => t.Parameters), second.Trials.Select(t => t.Parameters));
        foreach (var trial in first.Trials)
        {
            var lr = double.Parse(trial.Parameters["training.learningRate"], System.Globalization.CultureInfo.InvariantCulture);
            Assert.InRange(lr, 0.0001, 0.1);
            Assert.Contains(trial.Parameters["training.warmupEpochs"], new[] { "0", "1" });
        }
        Assert.True(first.Trials.Select(t => t.Parameters["training.learningRate"]).Distinct().Count() > 1);
    }

    [Fact]
    public void TheTrialBudgetKeepsTheFirstTrials()
    {
        var search = """{ "training.batchSize": { "grid": [8, 16] }, "training.learningRate": { "uniform": [0.01, 0.1] } }""";
        var all = SweepPlanner.Plan("a", SpecSamples.Tiny(search: search, extra: ", \"samples\": 3"));
        var budget = SweepPlanner.Plan("a", SpecSamples.Tiny(search: search, extra: ", \"samples\": 3, \"maxTrials\": 4"));

        Assert.Equal(6, all.Trials.Count);
        Assert.Equal(all.Trials.Take(4).Select(t => t.Parameters), budget.Trials.Select(t => t.Parameters));
    }

    [Fact]
    public void PretrainingWithTheSameHyperparametersSharesOneContentKey()
    {
        var spec = SpecSamples.Tiny(search: """{ "training.learningRate": { "grid": [0.1, 0.01] }, "pretraining.temperature": { "grid": [0.1, 0.2] } }""",
            extra: """, "pretraining": { "method": "moco", "queueSize": 16, "training": { "epochs": 2, "batchSize": 8 } }""")
            .Replace("\"scratch\"", "\"finetune\"");
        var plan = SweepPlanner.Plan("exp", spec);

        var keys = plan.Trials.Select(t => t.Folds[0].Pretraining!.Key).ToArray();
        Assert.Equal(4, keys.Length);
        Assert.Equal(2, keys.Distinct().Count());
        Assert.All(plan.Trials, t => Assert.All(t.Folds, f => Assert.Equal(t.Folds[0].Pretraining!.Key, f.Pretraining!.Key)));
    }

    [Fact]
    public void OnlyTrialsThatStartFromThePretrainingWaitForIt()
    {
        var spec = SpecSamples.Tiny(search: """{ "protocol": { "grid": ["scratch", "finetune", "knn"] } }""",
            extra: """, "pretraining": { "method": "moco", "queueSize": 16, "training": { "epochs": 2, "batchSize": 8 } }""");
        var plan = SweepPlanner.Plan("exp", spec);

        var waits = plan.Trials.ToDictionary(t => t.Parameters["protocol"], t => t.Folds.All(f => f.Pretraining is not null));
        Assert.Equal(new Dictionary<string, bool> { ["scratch"] = false, ["finetune"] = true, ["knn"] = true }, waits);
    }

    [Theory]
    [InlineData("\"learningRate\": 0.05", "\"learningRate\": -0.1", "training.learningRate")]
    [InlineData("\"folds\": [1, 2, 3]", "\"folds\": [1, 11]", "dataset.folds[1]")]
    [InlineData("\"layout\": \"us8k\"", "\"layout\": \"mnist\"", "dataset.layout")]
    [InlineData("\"layout\": \"us8k\"", "\"layout\": \"gtzan\"", "dataset.folds[0]")]
    [InlineData("\"architecture\": \"resnet18\"", "\"architecture\": \"vgg\"", "model.architecture")]
    [InlineData("\"learningRate\": 0.05", "\"learningRat\": 0.05", "training.learningRat")]
    [InlineData("\"protocol\": \"scratch\"", "\"protocol\": \"supervised\"", "protocol")]
    [InlineData("\"retries\": 0", "\"retries\": -1", "retries")]
    [InlineData("\"search\": {}", "\"search\": { \"training.learningRate\": { \"loguniform\": [0, 1] } }", "search.training.learningRate.loguniform")]
    [InlineData("\"search\": {}", "\"search\": { \"optimizer\": { \"grid\": [\"sgd\"] } }", "search.optimizer")]
    public void RefusesABadSpecNamingTheField(string original, string replacement, string field)
    {
        var spec = SpecSamples.Tiny().Replace(original, replacement);
        Assert.NotEqual(SpecSamples.Tiny(), spec);

        var error = Assert.Throws<SpecException>(() => SweepPlanner.Plan("exp", spec));
        Assert.Equal(field, error.Field);
    }

    [Fact]
    public void GtzanHoldsOutItsValidationSplitByDefaultAndRefusesItsTrainAndTestSplits()
    {
        var gtzan = SpecSamples.Tiny().Replace("\"layout\": \"us8k\"", "\"layout\": \"gtzan\"");

        var plan = SweepPlanner.Plan("exp", gtzan.Replace("\"folds\": [1, 2, 3]", "\"folds\": null"));
        Assert.Equal([2], plan.Trials[0].Folds.Select(f => f.Fold));
        foreach (var (folds, field, reason) in new[] { ("[2, 3]", "dataset.folds[1]", "test split"), ("[1]", "dataset.folds[0]", "training split") })
        {
            var error = Assert.Throws<SpecException>(() => SweepPlanner.Plan("exp", gtzan.Replace("[1, 2, 3]", folds)));
            Assert.Equal(field, error.Field);
            Assert.Contains(reason, error.Message);
        }
    }

    [Theory]
    [InlineData("[120, 60]", "strictly increasing")]
    [InlineData("[0, 120]", "positive")]
    public void RefusesBadMilestonesNamingTheField(string milestones, string problem)
    {
        var training = $"\"learningRate\": 0.05, \"schedule\": \"multistep\", \"milestones\": {milestones}";
        var error = Assert.Throws<SpecException>(() => SweepPlanner.Plan("exp", SpecSamples.Tiny().Replace("\"learningRate\": 0.05", training)));
        Assert.Equal("training.milestones", error.Field);
        Assert.Contains(problem, error.Message);

        var pretraining = SpecSamples.Tiny(extra: $$$""", "pretraining": { "training": { "schedule": "multistep", "milestones": {{{milestones}}} } }""")
            .Replace("\"scratch\"", "\"finetune\"");
        error = Assert.Throws<SpecException>(() => SweepPlanner.Plan("exp", pretraining));
        Assert.Equal("pretraining.training.milestones", error.Field);
    }

    [Fact]
    public void AMultistepScheduleReachesTheFoldRequestWithItsMilestones()
    {
        var spec = SpecSamples.Tiny().Replace("\"learningRate\": 0.05", "\"learningRate\": 0.05, \"schedule\": \"multistep\", \"milestones\": [1, 2]");
        var plan = SweepPlanner.Plan("exp", spec);
        var request = plan.Trials[0].Folds[0].Request;
        Assert.Equal(ScheduleKind.Multistep, request.Training.Schedule);
        Assert.Equal([1, 2], request.Training.Milestones);
    }

    [Fact]
    public void RefusesAnUnknownPretrainingMethod()
    {
        var spec = SpecSamples.Tiny(extra: """, "pretraining": { "method": "simclr" }""").Replace("\"scratch\"", "\"finetune\"");
        var error = Assert.Throws<SpecException>(() => SweepPlanner.Plan("exp", spec));
        Assert.StartsWith("pretraining.method", error.Field);
    }

    [Fact]
    public void RefusesASearchedValueThatBreaksARangeNamingTheTrial()
    {
        var spec = SpecSamples.Tiny(search: """{ "training.learningRate": { "grid": [0.1, -1] } }""");
        var error = Assert.Throws<SpecException>(() => SweepPlanner.Plan("exp", spec));
        Assert.Equal("training.learningRate", error.Field);
        Assert.Contains("trial 1", error.Message);
    }

    [Fact]
    public void RefusesAProtocolThatNeedsAnEncoderWithoutOne()
    {
        var error = Assert.Throws<SpecException>(() => SweepPlanner.Plan("exp", SpecSamples.Tiny().Replace("\"scratch\"", "\"knn\"")));
        Assert.Equal("protocol", error.Field);
    }

    [Fact]
    public void RefusesMoreDevicesThanAnySiloHas()
    {
        var spec = SweepSpecParser.Parse(SpecSamples.Tiny(extra: """, "resources": { "devices": 3 }"""));
        var cluster = new ClusterView(
            [new SiloView("a", [new SlotInfo(0, false, 0, 1, null, null), new SlotInfo(1, false, 0, 1, null, null)], DateTimeOffset.UnixEpoch)], []);

        var error = Assert.Throws<SpecException>(() => SweepPlanner.CheckResources(spec, cluster));
        Assert.Equal("resources.devices", error.Field);
        SweepPlanner.CheckResources(spec with { Resources = new ResourceSpec(2, Accelerator.Any) }, cluster);
    }

    [Fact]
    public void RefusesInvalidJsonWithItsLine()
    {
        var error = Assert.Throws<SpecException>(() => SweepSpecParser.Parse("{\n  \"name\": \"x\",\n  oops\n}"));
        Assert.Equal("line 3", error.Field);
    }
}
