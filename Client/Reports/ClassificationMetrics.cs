namespace Grid.Client.Reports;

/// <summary>Per-class precision, recall and F1 from one fold's predictions (0 where a ratio's denominator is 0, as scikit-learn's zero_division=0).</summary>
/// <param name="Confusion">Confusion[true][predicted]: clip counts.</param>
public sealed record ClassificationMetrics(
    int[][] Confusion,
    double[] Precision,
    double[] Recall,
    double[] F1,
    int[] Support,
    double Accuracy)
{
    public double MacroPrecision => Precision.Average();
    public double MacroRecall => Recall.Average();
    public double MacroF1 => F1.Average();

    public static ClassificationMetrics From(IReadOnlyList<int> labels, IReadOnlyList<int> predicted, int classCount)
    {
        if (labels.Count != predicted.Count)
            throw new ArgumentException($"{labels.Count} labels but {predicted.Count} predictions", nameof(predicted));
        var confusion = Enumerable.Range(0, classCount).Select(_ => new int[classCount]).ToArray();
        for (var i = 0; i < labels.Count; i++)
            confusion[labels[i]][predicted[i]]++;

        var precision = new double[classCount];
        var recall = new double[classCount];
        var f1 = new double[classCount];
        var support = new int[classCount];
        for (var c = 0; c < classCount; c++)
        {
            var truePositives = confusion[c][c];
            var predictedAsC = confusion.Sum(row => row[c]);
            support[c] = confusion[c].Sum();
            precision[c] = Ratio(truePositives, predictedAsC);
            recall[c] = Ratio(truePositives, support[c]);
            f1[c] = precision[c] + recall[c] == 0 ? 0 : 2 * precision[c] * recall[c] / (precision[c] + recall[c]);
        }
        var correct = Enumerable.Range(0, classCount).Sum(c => confusion[c][c]);
        return new ClassificationMetrics(confusion, precision, recall, f1, support, Ratio(correct, labels.Count));
    }

    private static double Ratio(int numerator, int denominator) => denominator == 0 ? 0 : (double)numerator / denominator;
}
