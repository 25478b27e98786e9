using System.Text.Json;
using System.Text.Json.Nodes;

namespace Grid.Learning.Training;

/// <summary>
/// The JSON report of one fold job: classes, where the encoder came from ("initialisation"), every epoch's validation
/// metrics, the best epoch, the kNN K (or null) and the best epoch's predictions. Losses that do not exist (kNN) are null, and so is test accuracy except on a
/// fixed split held out at its validation split (GTZAN).
/// </summary>
public static class FoldResultJson
{
    public static JsonObject ToJson(FoldResult result) => new()
    {
        ["classes"] = new JsonArray(result.Classes.Select(c => (JsonNode?)c).ToArray()),
        ["initialisation"] = result.Initialisation,
        ["epochs"] = new JsonArray(result.Epochs.Select(Epoch).ToArray()),
        ["best"] = new JsonObject { ["epoch"] = result.BestEpoch, ["accuracy"] = result.BestAccuracy, ["test_accuracy"] = result.TestAccuracyAtBest },
        ["k"] = result.ChosenK,
        ["predictions"] = new JsonObject
        {
            ["clip"] = Array(result.BestPredictions.Clips.Select(c => (JsonNode?)c)),
            ["label"] = Array(result.BestPredictions.Labels.Select(l => (JsonNode?)l)),
            ["predicted"] = Array(result.BestPredictions.Predicted.Select(p => (JsonNode?)p)),
        },
    };

    public static void Write(string path, FoldResult result) =>
        File.WriteAllText(path, ToJson(result).ToJsonString(new JsonSerializerOptions { WriteIndented = true }));

    private static JsonNode? Epoch(EpochMetrics metrics) => new JsonObject
    {
        ["epoch"] = metrics.Epoch,
        ["loss"] = Number(metrics.ValidationLoss),
        ["train_loss"] = Number(metrics.TrainLoss),
        ["accuracy"] = metrics.Accuracy,
        ["test_accuracy"] = metrics.TestAccuracy,
        ["precision"] = Array(metrics.Precision.Select(v => (JsonNode?)v)),
        ["recall"] = Array(metrics.Recall.Select(v => (JsonNode?)v)),
        ["f1"] = Array(metrics.F1.Select(v => (JsonNode?)v)),
        ["confusion"] = Array(metrics.Confusion.Select(row => (JsonNode?)Array(row.Select(v => (JsonNode?)v)))),
        ["seconds"] = metrics.Seconds,
    };

    private static JsonNode? Number(double value) => double.IsFinite(value) ? value : null;

    private static JsonArray Array(IEnumerable<JsonNode?> items) => new(items.ToArray());
}
