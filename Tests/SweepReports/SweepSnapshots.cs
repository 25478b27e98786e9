using Grid.Grains;
using Grid.Grains.Specs;
using Grid.Learning.Training;

namespace Grid.Tests.SweepReports;

/// <summary>Hand-built sweep snapshots, plans and stored fold results for the report mapping tests.</summary>
internal static class SweepSnapshots
{
    public const string Id = "demo-20260101-000000-abcd";
    public static readonly string[] Classes = ["dog", "siren", "drill"];

    /// <summary>A MoCo sweep over protocols on folds 1-3; <paramref name="pretrainingFolds"/> is the pretraining's "folds" member.</summary>
    public static SweepPlan Plan(string protocols = """["finetune", "knn", "scratch"]""", string pretrainingFolds = "[]") =>
        SweepPlanner.Plan(Id, $$"""
        {
          "name": "demo",
          "seed": 9,
          "dataset": { "layout": "us8k", "location": "/data/us8k", "folds": [1, 2, 3] },
          "pretraining": { "method": "moco", "queueSize": 16, "folds": {{pretrainingFolds}}, "training": { "epochs": 2, "batchSize": 8 } },
          "protocol": "finetune",
          "model": { "architecture": "resnet18", "width": 4 },
          "training": { "epochs": 3, "batchSize": 8, "learningRate": 0.05 },
          "features": { "sampleRate": 8000, "nMels": 32, "nFft": 256, "hopLength": 128, "clipSeconds": 1.0 },
          "search": { "protocol": { "grid": {{protocols}} } }
        }
        """);

    public static FoldStatus Fold(int trial, int fold, FoldState state, params double[] accuracies)
    {
        var key = $"{Id}/{trial}/{fold}";
        var blob = state == FoldState.Succeeded ? $"artifacts/{key}/result.msgpack" : null;
        return new FoldStatus(key, fold, state, 1, 0, "silo", 0, accuracies, 3, null, blob, null, 0, 1, 1, 0.5, 0.6);
    }

    public static TrialSummary Trial(SweepPlan plan, int index, params FoldStatus[] folds) => new(
        $"{Id}/{index}", index, plan.Trials[index].Parameters, folds.Length,
        folds.Count(f => f.State == FoldState.Succeeded), folds.Count(f => f.State == FoldState.Failed), folds.Count(f => f.State == FoldState.Cancelled),
        TrialAggregate.Empty, folds, 1);

    public static ExperimentSnapshot Snapshot(ExperimentState state, params TrialSummary[] trials) =>
        new(Id, "demo", state, DateTimeOffset.UnixEpoch, trials, 0, 3);

    /// <summary>A stored fold result whose predictions are shifted by <paramref name="seed"/> so that each one is recognisable.</summary>
    public static FoldResult Result(int seed, int? chosenK = null)
    {
        int[] labels = [0, 1, 2, 1];
        var predicted = labels.Select(l => (l + seed) % Classes.Length).ToArray();
        var embeddings = labels.Select((l, i) => new float[] { l, i, seed }).ToArray();
        var epoch = new EpochMetrics(1, 1.0, 1.1, 0.5, [0.5, 0.5, 0.5], [0.5, 0.5, 0.5], [0.5, 0.5, 0.5], [[1, 0, 0], [0, 1, 0], [0, 0, 1]], 1);
        return new FoldResult(Classes, [epoch], 1, 0.5, chosenK, new FoldPredictions(["a", "b", "c", "d"], labels, predicted, embeddings));
    }
}
