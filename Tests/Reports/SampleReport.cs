using Grid.Client.Reports;

namespace Grid.Tests.Reports;

/// <summary>A small hand-built sweep: 3 trials × 3 folds × 4 epochs, 4 classes, fold 1 in detail.</summary>
internal static class SampleReport
{
    public static readonly string[] Classes = ["dog_bark", "siren", "drilling", "street_music"];

    public static ReportData CrossValidation() => new()
    {
        ExperimentName = "Sweep s1: ESResNet-18 on UrbanSound8K",
        Dataset = "UrbanSound8K",
        Classes = Classes,
        Seed = 2022,
        Trials =
        [
            Trial("t1", "MoCo", "fine-tune", "0.01", null,
                [0.61, 0.70, 0.74, 0.73], [0.58, 0.69, 0.71, 0.72], [0.64, 0.71, 0.77, 0.75]),
            Trial("t2", "MoCo", "kNN", "0.1", 20,
                [0.55, 0.60, 0.62, 0.61], [0.53, 0.59, 0.64, 0.60], [0.57, 0.62, 0.63, 0.63]),
            Trial("t3", "Scratch", "fine-tune", "0.1", null,
                [0.40, 0.52, 0.58, 0.66], [0.42, 0.55, 0.60, 0.65], [0.38, 0.50, 0.61, 0.64]),
        ],
        Pretraining =
        [
            new PretrainingCurve("MoCo (K=4096, t=0.07)", "MoCo", [8.3, 7.1, 6.2, 5.8, 5.5]),
            new PretrainingCurve("NPID (K=4096)", "NPID", [9.0, 8.2, 7.9, 7.6, 7.5]),
        ],
    };

    public static ReportData FixedSplit() => CrossValidation() with
    {
        ExperimentName = "GTZAN fixed split",
        Dataset = "GTZAN",
        Evaluation = EvaluationScheme.FixedSplit,
        Trials =
        [
            Trial("g1", "MoCo", "fine-tune", "0.01", null, [0.50, 0.62, 0.66, 0.65]) with { TestAccuracy = 0.645 },
            Trial("g2", "Scratch", "fine-tune", "0.01", null, [0.41, 0.47, 0.52, 0.55]) with { TestAccuracy = 0.53 },
        ],
    };

    private static TrialData Trial(string name, string initialisation, string protocol, string lr, int? k, params double[][] folds) => new()
    {
        Name = name,
        Initialisation = initialisation,
        Protocol = protocol,
        Group = "ResNet-18",
        Parameters = new Dictionary<string, string> { ["lr"] = lr, ["batch"] = "32" },
        Folds = folds.Select((accuracies, i) => new FoldCurve(i + 1, accuracies)).ToList(),
        ChosenK = k,
        Detail = Detail(name, folds[0][^1]),
    };

    /// <summary>40 clips of fold 1, 10 per class, in an 8-d embedding with a cluster per class; about the given share predicted right.</summary>
    private static FoldPredictionSet Detail(string trial, double accuracy)
    {
        var random = Grid.Learning.Runtime.Seeds.Random(2022, "sample-embeddings", trial);
        var labels = Enumerable.Range(0, 40).Select(i => i % 4).ToArray();
        var predicted = labels.Select((label, i) => i * 7 % 40 < accuracy * 40 ? label : (label + 1 + i % 3) % 4).ToArray();
        var embeddings = labels.Select(label => Enumerable.Range(0, 8)
            .Select(d => (float)((d % 4 == label ? 6.0 : 0.0) + random.NextDouble())).ToArray()).ToList();
        return new FoldPredictionSet(1, labels, predicted, embeddings);
    }
}
