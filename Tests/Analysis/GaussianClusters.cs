using Grid.Learning.Runtime;

namespace Grid.Tests.Analysis;

/// <summary>Labelled points drawn from well-separated isotropic Gaussians, for t-SNE tests.</summary>
internal static class GaussianClusters
{
    public static (double[][] Points, int[] Labels) Make(int clusters, int perCluster, int dimension, double separation, long seed)
    {
        var random = Seeds.Random(seed, "clusters");
        var centres = Enumerable.Range(0, clusters)
            .Select(_ => Enumerable.Range(0, dimension).Select(_ => separation * Normal(random)).ToArray())
            .ToArray();
        var points = new List<double[]>();
        var labels = new List<int>();
        for (var c = 0; c < clusters; c++)
            for (var m = 0; m < perCluster; m++)
            {
                points.Add(centres[c].Select(v => v + Normal(random)).ToArray());
                labels.Add(c);
            }
        return (points.ToArray(), labels.ToArray());
    }

    /// <summary>The share of points whose k nearest neighbours in the map (Euclidean) carry the point's own label.</summary>
    public static double NeighbourPurity(double[][] map, int[] labels, int k)
    {
        double agreeing = 0;
        for (var i = 0; i < map.Length; i++)
        {
            var nearest = Enumerable.Range(0, map.Length).Where(j => j != i)
                .OrderBy(j => Math.Pow(map[i][0] - map[j][0], 2) + Math.Pow(map[i][1] - map[j][1], 2))
                .Take(k);
            agreeing += nearest.Count(j => labels[j] == labels[i]);
        }
        return agreeing / (map.Length * k);
    }

    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
