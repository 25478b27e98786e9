using Grid.Learning.Metrics;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace Grid.Tests.Metrics;

[Trait("Category", "Unit")]
public sealed class KnnClassifierTests
{
    /// <summary>Points around <paramref name="classes"/> orthogonal centres in 16-D, each centre scaled differently (cosine ignores scale).</summary>
    private static (Tensor Features, int[] Labels) Clusters(int classes, int perClass, double noise, long seed)
    {
        var generator = new Generator((ulong)seed);
        var labels = Enumerable.Range(0, classes * perClass).Select(i => i % classes).ToArray();
        var centres = eye(16).narrow(0, 0, classes);                                  // C×16
        var chosen = centres[tensor(labels.Select(l => (long)l).ToArray())];          // N×16
        var scale = rand(labels.Length, 1, generator: generator).mul(5).add(0.5);
        var features = chosen.add(randn(labels.Length, 16, generator: generator).mul(noise)).mul(scale);
        return (features, labels);
    }

    [Fact]
    public void SeparableClustersAreClassifiedPerfectly()
    {
        using var scope = NewDisposeScope();
        var (train, trainLabels) = Clusters(classes: 4, perClass: 25, noise: 0.1, seed: 1);
        var (test, testLabels) = Clusters(classes: 4, perClass: 10, noise: 0.1, seed: 2);
        using var knn = new KnnClassifier(train, trainLabels, classes: 4);
        foreach (var k in new[] { 1, 5, 20, 200 })
            Assert.Equal(testLabels, knn.Predict(test, k));
    }

    [Fact]
    public void CloseNeighboursOutvoteAFartherMajority()
    {
        using var scope = NewDisposeScope();
        // query along x; one class-0 neighbour at cos 0.99, two class-1 neighbours at cos 0.5
        var bank = tensor(new float[,] { { 0.99f, 0.141067f }, { 0.5f, 0.866025f }, { 0.5f, -0.866025f } });
        var query = tensor(new float[,] { { 1f, 0f } });
        int[] labels = [0, 1, 1];

        using var sharp = new KnnClassifier(bank, labels, classes: 2, temperature: 0.1);
        Assert.Equal([0], sharp.Predict(query, 3)); // e^9.9 ≫ 2·e^5

        using var flat = new KnnClassifier(bank, labels, classes: 2, temperature: 100);
        Assert.Equal([1], flat.Predict(query, 3)); // weights ≈ 1: plain majority
    }

    [Fact]
    public void NoisyLabelsMakeCrossValidationPreferALargerK()
    {
        using var scope = NewDisposeScope();
        var (features, labels) = Clusters(classes: 3, perClass: 60, noise: 0.3, seed: 3);
        var flip = new Random(4);
        var noisy = labels.Select(l => flip.NextDouble() < 0.25 ? (l + 1 + flip.Next(2)) % 3 : l).ToArray();
        var groups = KnnSelection.RandomGroups(noisy.Length, folds: 5, seed: 5);

        var choice = KnnSelection.Choose(features, noisy, groups, classes: 3, candidates: [1, 3, 25, 200]);

        Assert.True(choice.K >= 25, $"chose K = {choice.K}");
        Assert.True(choice.AccuracyByK[1] + 0.1 < choice.Accuracy, $"K=1 {choice.AccuracyByK[1]:F3} vs best {choice.Accuracy:F3}");
        Assert.Equal(choice.AccuracyByK.Values.Max(), choice.Accuracy);
    }

    [Fact]
    public void TiesGoToTheSmallestKAndSelectionIsDeterministic()
    {
        using var scope = NewDisposeScope();
        var (features, labels) = Clusters(classes: 3, perClass: 20, noise: 0.05, seed: 6);
        var groups = KnnSelection.RandomGroups(labels.Length, folds: 4, seed: 7);
        Assert.Equal(groups, KnnSelection.RandomGroups(labels.Length, folds: 4, seed: 7));
        var choice = KnnSelection.Choose(features, labels, groups, classes: 3, candidates: [10, 5, 1]);
        Assert.Equal(1.0, choice.Accuracy);
        Assert.Equal(1, choice.K);
    }

    [Fact]
    public void TheBankOutlivesTheScopeItWasBuiltIn()
    {
        KnnClassifier knn;
        using (var scope = NewDisposeScope())
        {
            var (features, labels) = Clusters(classes: 2, perClass: 5, noise: 0.05, seed: 8);
            knn = new KnnClassifier(features, labels, classes: 2);
        }
        using (knn)
        using (var query = tensor(new float[,] { { 0f, 2f, 0f, 0f, 0f, 0f, 0f, 0f, 0f, 0f, 0f, 0f, 0f, 0f, 0f, 0f } }))
            Assert.Equal([1], knn.Predict(query, 3));
    }

    [Fact]
    public void BadInputsAreRejectedWithNames()
    {
        using var scope = NewDisposeScope();
        var features = randn(3, 4);
        Assert.Contains("labels[2] = 7", Assert.Throws<ArgumentOutOfRangeException>(() => new KnnClassifier(features, [0, 1, 7], 3)).Message);
        Assert.Contains("3 features but 2 labels", Assert.Throws<ArgumentException>(() => new KnnClassifier(features, [0, 1], 3)).Message);
        Assert.Contains("KnnTemperature", Assert.Throws<ArgumentOutOfRangeException>(() => new KnnClassifier(features, [0, 1, 2], 3, temperature: 0)).Message);
        using var knn = new KnnClassifier(features, [0, 1, 2], 3);
        Assert.Contains("M×4", Assert.Throws<ArgumentException>(() => knn.Predict(randn(2, 5), 1)).Message);
        Assert.Contains("two groups", Assert.Throws<ArgumentException>(() => KnnSelection.Choose(features, [0, 1, 2], [0, 0, 0], 3, [1])).Message);
    }
}
