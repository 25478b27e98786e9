namespace Grid.Learning.Metrics;

/// <summary>
/// Accuracy, per-class precision, recall, F1 and support, and the confusion matrix of one set of predictions,
/// defined as scikit-learn's precision_recall_fscore_support(average=None, zero_division=0) and
/// confusion_matrix with labels 0..C-1.
/// </summary>
/// <param name="Confusion">C×C counts: row = true class, column = predicted class.</param>
public sealed record ClassificationMetrics(
    double Accuracy,
    double[] Precision,
    double[] Recall,
    double[] F1,
    int[] Support,
    int[][] Confusion)
{
    /// <summary>Unweighted means over the classes, as scikit-learn's average="macro".</summary>
    public double MacroPrecision => Precision.Average();

    /// <inheritdoc cref="MacroPrecision"/>
    public double MacroRecall => Recall.Average();

    /// <inheritdoc cref="MacroPrecision"/>
    public double MacroF1 => F1.Average();

    /// <summary>Metrics of <paramref name="predicted"/> against <paramref name="labels"/>, classes 0..<paramref name="classes"/>-1.</summary>
    public static ClassificationMetrics Compute(IReadOnlyList<int> labels, IReadOnlyList<int> predicted, int classes)
    {
        var confusion = ConfusionMatrix(labels, predicted, classes);
        var precision = new double[classes];
        var recall = new double[classes];
        var f1 = new double[classes];
        var support = new int[classes];
        var correct = 0;
        for (var c = 0; c < classes; c++)
        {
            var truePositives = confusion[c][c];
            var predictedAsC = 0;
            for (var row = 0; row < classes; row++) predictedAsC += confusion[row][c];
            support[c] = confusion[c].Sum();
            correct += truePositives;
            precision[c] = Ratio(truePositives, predictedAsC);
            recall[c] = Ratio(truePositives, support[c]);
            // sklearn forms F from the rounded P and R, and 0 where P + R = 0
            var sum = precision[c] + recall[c];
            f1[c] = sum == 0 ? 0 : 2 * precision[c] * recall[c] / sum;
        }
        var accuracy = labels.Count == 0 ? 0 : (double)correct / labels.Count;
        return new ClassificationMetrics(accuracy, precision, recall, f1, support, confusion);
    }

    /// <summary>C×C counts, row = true class, column = predicted; every value must lie in 0..C-1.</summary>
    public static int[][] ConfusionMatrix(IReadOnlyList<int> labels, IReadOnlyList<int> predicted, int classes)
    {
        if (classes < 1) throw new ArgumentOutOfRangeException(nameof(classes), classes, "need at least one class");
        if (labels.Count != predicted.Count)
            throw new ArgumentException($"labels has {labels.Count} entries but predicted has {predicted.Count}", nameof(predicted));
        var confusion = Enumerable.Range(0, classes).Select(_ => new int[classes]).ToArray();
        for (var i = 0; i < labels.Count; i++)
        {
            CheckClass(labels[i], classes, nameof(labels), i);
            CheckClass(predicted[i], classes, nameof(predicted), i);
            confusion[labels[i]][predicted[i]]++;
        }
        return confusion;
    }

    private static void CheckClass(int value, int classes, string name, int index)
    {
        if (value < 0 || value >= classes)
            throw new ArgumentOutOfRangeException(name, value, $"{name}[{index}] = {value} is outside the classes 0..{classes - 1}");
    }

    private static double Ratio(int numerator, int denominator) => denominator == 0 ? 0 : (double)numerator / denominator;
}
