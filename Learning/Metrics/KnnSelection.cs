using Grid.Learning.Runtime;
using static TorchSharp.torch;

namespace Grid.Learning.Metrics;

/// <summary>The K that cross-validation inside the training folds chose, and the accuracy of each candidate.</summary>
public sealed record KnnChoice(int K, double Accuracy, IReadOnlyDictionary<int, double> AccuracyByK);

/// <summary>
/// Chooses the kNN K without touching the validation fold: each group of training samples (a dataset
/// fold, or a random split) is held out in turn and classified against the others; the candidate with
/// the best pooled accuracy wins, the smallest K on a tie.
/// </summary>
public static class KnnSelection
{
    /// <param name="features">N×D training features.</param>
    /// <param name="labels">N training labels.</param>
    /// <param name="groups">N split ids: samples sharing an id are held out together (at least two ids).</param>
    /// <param name="classes">C.</param>
    /// <param name="candidates">K values to try (e.g. <see cref="Training.TrainingOptions.KnnCandidates"/>).</param>
    /// <param name="temperature">Vote temperature t.</param>
    public static KnnChoice Choose(Tensor features, IReadOnlyList<int> labels, IReadOnlyList<int> groups, int classes,
        IReadOnlyList<int> candidates, double temperature = KnnClassifier.DefaultTemperature)
    {
        if (groups.Count != labels.Count) throw new ArgumentException($"kNN selection has {labels.Count} labels but {groups.Count} groups", nameof(groups));
        if (candidates.Count == 0 || candidates.Any(k => k < 1))
            throw new ArgumentException("TrainingOptions.KnnCandidates must be non-empty and at least 1", nameof(candidates));
        var distinctGroups = groups.Distinct().Order().ToList();
        if (distinctGroups.Count < 2) throw new ArgumentException("kNN selection needs at least two groups to hold out", nameof(groups));

        var correct = candidates.Distinct().ToDictionary(k => k, _ => 0);
        foreach (var heldOut in distinctGroups)
        {
            var train = Indices(groups, g => g != heldOut);
            var test = Indices(groups, g => g == heldOut);
            using var scope = NewDisposeScope();
            var trainFeatures = features.index_select(0, tensor(train.Select(i => (long)i).ToArray(), device: features.device));
            var testFeatures = features.index_select(0, tensor(test.Select(i => (long)i).ToArray(), device: features.device));
            using var knn = new KnnClassifier(trainFeatures, train.Select(i => labels[i]).ToArray(), classes, temperature);
            foreach (var (k, predicted) in knn.Predict(testFeatures, correct.Keys.ToList()))
                correct[k] += predicted.Where((p, j) => p == labels[test[j]]).Count();
        }

        var accuracy = correct.ToDictionary(kv => kv.Key, kv => (double)kv.Value / labels.Count);
        var best = accuracy.OrderByDescending(a => a.Value).ThenBy(a => a.Key).First();
        return new KnnChoice(best.Key, best.Value, accuracy);
    }

    /// <summary>Assigns N samples to <paramref name="folds"/> random groups of near-equal size, from a seed.</summary>
    public static int[] RandomGroups(int count, int folds, long seed)
    {
        if (folds < 2 || folds > count) throw new ArgumentOutOfRangeException(nameof(folds), folds, $"need 2..{count} folds for {count} samples");
        var order = Enumerable.Range(0, count).ToArray();
        Seeds.Random(seed, "knn-groups").Shuffle(order);
        var groups = new int[count];
        for (var position = 0; position < count; position++) groups[order[position]] = position % folds;
        return groups;
    }

    private static List<int> Indices(IReadOnlyList<int> groups, Func<int, bool> keep) =>
        Enumerable.Range(0, groups.Count).Where(i => keep(groups[i])).ToList();
}
