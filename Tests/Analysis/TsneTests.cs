using Grid.Learning.Analysis;
using Xunit;

namespace Grid.Tests.Analysis;

[Trait("Category", "Unit")]
public sealed class TsneTests
{
    [Fact]
    public void ExactTsneSeparatesThreeClustersIn50Dimensions()
    {
        var (points, labels) = GaussianClusters.Make(clusters: 3, perCluster: 30, dimension: 50, separation: 3, seed: 7);

        var result = Tsne.Embed(points, new TsneOptions { Perplexity = 15, Seed = 11 });

        var map = result.Coordinates;
        Assert.False(result.BarnesHut);
        Assert.Equal(90, map.Length);
        Assert.All(map, row => Assert.Equal(2, row.Length));
        Assert.True(GaussianClusters.NeighbourPurity(map, labels, k: 5) >= 0.95);
        AssertClustersApart(map, labels);
    }

    [Fact]
    public void BarnesHutTsneSeparatesThreeClustersIn50Dimensions()
    {
        var (points, labels) = GaussianClusters.Make(clusters: 3, perCluster: 60, dimension: 50, separation: 3, seed: 8);

        var result = Tsne.Embed(points, new TsneOptions { Perplexity = 20, Seed = 12, ExactLimit = 0 });

        var map = result.Coordinates;
        Assert.True(result.BarnesHut);
        Assert.True(GaussianClusters.NeighbourPurity(map, labels, k: 5) >= 0.95);
        AssertClustersApart(map, labels);
    }

    [Fact]
    public void BarnesHutWithSmallThetaAgreesWithTheExactGradient()
    {
        var (points, _) = GaussianClusters.Make(clusters: 3, perCluster: 20, dimension: 10, separation: 3, seed: 9);
        var random = new Random(3);
        var x = points.Select(_ => random.NextDouble() * 10).ToArray();
        var y = points.Select(_ => random.NextDouble() * 10).ToArray();
        var dense = JointProbabilities.Dense(points, perplexity: 10);
        var n = points.Length;
        var rows = Enumerable.Range(0, n).Select(i => new SortedDictionary<int, double>(
            Enumerable.Range(0, n).Where(j => j != i).ToDictionary(j => j, j => dense[i * n + j]))).ToList();
        var all = SparseMatrix.FromRows(rows);
        double[] exactX = new double[n], exactY = new double[n], bhX = new double[n], bhY = new double[n];

        TsneGradient.Exact(dense, x, y, 1, new double[n * n], exactX, exactY);
        TsneGradient.BarnesHut(all, x, y, 1, theta: 1e-6, bhX, bhY);

        for (var i = 0; i < n; i++)
        {
            Assert.Equal(exactX[i], bhX[i], 1e-9);
            Assert.Equal(exactY[i], bhY[i], 1e-9);
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2000)]
    public void LongerOptimisationLowersTheCost(int exactLimit)
    {
        var (points, _) = GaussianClusters.Make(clusters: 3, perCluster: 20, dimension: 20, separation: 3, seed: 6);
        var options = new TsneOptions { Perplexity = 10, Seed = 4, ExactLimit = exactLimit };

        var early = Tsne.Embed(points, options with { Iterations = 260 });
        var late = Tsne.Embed(points, options);

        Assert.True(late.KlDivergence < early.KlDivergence, $"KL {late.KlDivergence} after 1000 iterations, {early.KlDivergence} after 260");
        Assert.True(late.KlDivergence > 0);
    }

    [Fact]
    public void BarnesHutCostWithSmallThetaEqualsTheExactCost()
    {
        var (points, _) = GaussianClusters.Make(clusters: 2, perCluster: 15, dimension: 6, separation: 3, seed: 10);
        var random = new Random(8);
        var x = points.Select(_ => random.NextDouble() * 5).ToArray();
        var y = points.Select(_ => random.NextDouble() * 5).ToArray();
        var dense = JointProbabilities.Dense(points, perplexity: 8);
        var n = points.Length;
        var all = SparseMatrix.FromRows(Enumerable.Range(0, n).Select(i => new SortedDictionary<int, double>(
            Enumerable.Range(0, n).Where(j => j != i).ToDictionary(j => j, j => dense[i * n + j]))).ToList());

        Assert.Equal(TsneCost.Exact(dense, x, y), TsneCost.BarnesHut(all, x, y, theta: 1e-6), 1e-10);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2000)]
    public void SameSeedGivesTheSameMapAndAnotherSeedAnother(int exactLimit)
    {
        var (points, _) = GaussianClusters.Make(clusters: 3, perCluster: 15, dimension: 20, separation: 3, seed: 5);
        var options = new TsneOptions { Perplexity = 10, Iterations = 300, Seed = 42, ExactLimit = exactLimit };

        var first = Tsne.Embed(points, options).Coordinates;
        var second = Tsne.Embed(points, options).Coordinates;
        var other = Tsne.Embed(points, options with { Seed = 43 }).Coordinates;

        Assert.Equal(first.SelectMany(r => r), second.SelectMany(r => r));
        Assert.NotEqual(first.SelectMany(r => r), other.SelectMany(r => r));
    }

    [Fact]
    public void CalibratedRowsHaveTheTargetPerplexity()
    {
        var random = new Random(1);
        var squared = Enumerable.Range(0, 200).Select(_ => random.NextDouble() * 1000 + 5000).ToArray();

        var row = PerplexityCalibration.ConditionalProbabilities(squared, perplexity: 30);

        Assert.Equal(1.0, row.Sum(), 1e-12);
        var entropy = -row.Where(p => p > 0).Sum(p => p * Math.Log(p));
        Assert.Equal(30, Math.Exp(entropy), 1e-2);
    }

    [Fact]
    public void JointProbabilitiesAreSymmetricAndSumToOne()
    {
        var (points, _) = GaussianClusters.Make(clusters: 2, perCluster: 20, dimension: 5, separation: 3, seed: 2);

        var dense = JointProbabilities.Dense(points, perplexity: 8);
        var sparse = JointProbabilities.Nearest(points, perplexity: 8);

        Assert.Equal(1.0, dense.Sum(), 1e-12);
        Assert.Equal(1.0, sparse.Values.Sum(), 1e-12);
        var n = points.Length;
        for (var i = 0; i < n; i++)
            for (var j = 0; j < n; j++)
                Assert.Equal(dense[i * n + j], dense[j * n + i]);
        for (var i = 0; i < n; i++)
            for (var e = sparse.RowStart[i]; e < sparse.RowStart[i + 1]; e++)
            {
                var j = sparse.Columns[e];
                var back = Array.IndexOf(sparse.Columns, i, sparse.RowStart[j], sparse.RowStart[j + 1] - sparse.RowStart[j]);
                Assert.True(back >= 0, $"entry ({i},{j}) has no mirror");
                Assert.Equal(sparse.Values[e], sparse.Values[back], 1e-15);
            }
    }

    [Fact]
    public void BadInputIsRejectedNamingTheProblem()
    {
        var ragged = new[] { new double[] { 1, 2 }, new double[] { 1 }, new double[] { 0, 0 } };
        var withNaN = new[] { new double[] { 1, 2 }, new double[] { double.NaN, 0 }, new double[] { 0, 0 } };
        var fine = new[] { new double[] { 1, 2 }, new double[] { 3, 4 }, new double[] { 0, 0 } };

        Assert.Contains("point 1 has 1 coordinates", Assert.Throws<ArgumentException>(() => Tsne.Embed(ragged, new TsneOptions { Perplexity = 1 })).Message);
        Assert.Contains("point 1 has a non-finite", Assert.Throws<ArgumentException>(() => Tsne.Embed(withNaN, new TsneOptions { Perplexity = 1 })).Message);
        Assert.Equal("Perplexity", Assert.Throws<ArgumentOutOfRangeException>(() => Tsne.Embed(fine, new TsneOptions())).ParamName);
    }

    /// <summary>Every cluster's 2-d centroid is farther from the others than the cluster's own mean radius.</summary>
    private static void AssertClustersApart(double[][] map, int[] labels)
    {
        var groups = labels.Distinct().Select(c => map.Where((_, i) => labels[i] == c).ToArray()).ToArray();
        var centroids = groups.Select(g => new[] { g.Average(p => p[0]), g.Average(p => p[1]) }).ToArray();
        var radius = groups.Select((g, c) => g.Average(p => Distance(p, centroids[c]))).Max();
        for (var a = 0; a < centroids.Length; a++)
            for (var b = a + 1; b < centroids.Length; b++)
                Assert.True(Distance(centroids[a], centroids[b]) > 2 * radius,
                    $"clusters {a} and {b} are {Distance(centroids[a], centroids[b]):F2} apart, mean radius {radius:F2}");
    }

    private static double Distance(double[] a, double[] b) => Math.Sqrt(Math.Pow(a[0] - b[0], 2) + Math.Pow(a[1] - b[1], 2));
}
