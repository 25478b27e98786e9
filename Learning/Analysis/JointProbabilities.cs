namespace Grid.Learning.Analysis;

/// <summary>
/// The symmetric input-space affinities P of t-SNE, p_ij = (p(j|i) + p(i|j)) / 2N: dense over all pairs for the
/// exact method, sparse over each point's ⌊3·perplexity⌋ nearest neighbours for Barnes-Hut (van der Maaten 2014).
/// </summary>
public static class JointProbabilities
{
    /// <summary>P over all pairs, row-major N×N with a zero diagonal.</summary>
    public static double[] Dense(double[][] points, double perplexity)
    {
        var n = points.Length;
        var joint = new double[n * n];
        var squared = new double[n - 1];
        for (var i = 0; i < n; i++)
        {
            for (int j = 0, m = 0; j < n; j++)
                if (j != i)
                    squared[m++] = SquaredDistance(points[i], points[j]);
            var conditional = PerplexityCalibration.ConditionalProbabilities(squared, perplexity);
            for (int j = 0, m = 0; j < n; j++)
                if (j != i)
                    joint[i * n + j] = conditional[m++];
        }
        for (var i = 0; i < n; i++)
            for (var j = i + 1; j < n; j++)
            {
                var p = (joint[i * n + j] + joint[j * n + i]) / (2.0 * n);
                joint[i * n + j] = p;
                joint[j * n + i] = p;
            }
        return joint;
    }

    /// <summary>P over each point's nearest neighbours, symmetrised (so a row may hold more than k entries).</summary>
    public static SparseMatrix Nearest(double[][] points, double perplexity)
    {
        var n = points.Length;
        var k = Math.Min(n - 1, (int)Math.Floor(3 * perplexity));
        var rows = new SortedDictionary<int, double>[n];
        for (var i = 0; i < n; i++)
            rows[i] = [];
        for (var i = 0; i < n; i++)
        {
            var (neighbours, squared) = NearestNeighbours(points, i, k);
            var conditional = PerplexityCalibration.ConditionalProbabilities(squared, perplexity);
            for (var m = 0; m < k; m++)
            {
                var j = neighbours[m];
                var half = conditional[m] / (2.0 * n);
                rows[i][j] = rows[i].GetValueOrDefault(j) + half;
                rows[j][i] = rows[j].GetValueOrDefault(i) + half;
            }
        }
        return SparseMatrix.FromRows(rows);
    }

    /// <summary>The k points closest to point i (ties broken by index) and their squared distances, by brute force.</summary>
    private static (int[] Neighbours, double[] SquaredDistances) NearestNeighbours(double[][] points, int i, int k)
    {
        // A max-heap of the k best so far: the priority is negated so the worst candidate is dequeued first.
        var best = new PriorityQueue<int, (double NegDistance, int NegIndex)>(k + 1);
        for (var j = 0; j < points.Length; j++)
        {
            if (j == i)
                continue;
            best.Enqueue(j, (-SquaredDistance(points[i], points[j]), -j));
            if (best.Count > k)
                best.Dequeue();
        }
        var neighbours = new int[k];
        var squared = new double[k];
        for (var m = k - 1; m >= 0; m--)
        {
            best.TryDequeue(out var j, out var priority);
            neighbours[m] = j;
            squared[m] = -priority.NegDistance;
        }
        return (neighbours, squared);
    }

    internal static double SquaredDistance(double[] a, double[] b)
    {
        double sum = 0;
        for (var d = 0; d < a.Length; d++)
        {
            var diff = a[d] - b[d];
            sum += diff * diff;
        }
        return sum;
    }
}
