namespace Grid.Learning.Analysis;

/// <summary>
/// t-SNE's cost KL(P‖Q) = Σ p_ij log(p_ij / q_ij) of a 2-d map, with q_ij = (1 + ‖y_i − y_j‖²)⁻¹ / Z:
/// the number to compare between runs (lower means the map keeps the input neighbourhoods better).
/// </summary>
public static class TsneCost
{
    /// <summary>The exact cost from the dense N×N P.</summary>
    public static double Exact(double[] joint, double[] x, double[] y)
    {
        var n = x.Length;
        double normaliser = 0;
        for (var i = 0; i < n; i++)
            for (var j = i + 1; j < n; j++)
                normaliser += 2 * Weight(x, y, i, j);
        double cost = 0;
        for (var i = 0; i < n; i++)
            for (var j = 0; j < n; j++)
            {
                var p = joint[i * n + j];
                if (j != i && p > 0)
                    cost += p * Math.Log(p * normaliser / Weight(x, y, i, j));
            }
        return cost;
    }

    /// <summary>The cost over the sparse P, with Z from the Barnes-Hut quadtree.</summary>
    public static double BarnesHut(SparseMatrix joint, double[] x, double[] y, double theta)
    {
        var tree = new QuadTree(x, y);
        double normaliser = 0;
        for (var i = 0; i < x.Length; i++)
            normaliser += tree.Repulsion(i, theta, out _, out _);
        double cost = 0;
        for (var i = 0; i < x.Length; i++)
            for (var e = joint.RowStart[i]; e < joint.RowStart[i + 1]; e++)
            {
                var p = joint.Values[e];
                if (p > 0)
                    cost += p * Math.Log(p * normaliser / Weight(x, y, i, joint.Columns[e]));
            }
        return cost;
    }

    private static double Weight(double[] x, double[] y, int i, int j)
    {
        var dx = x[i] - x[j];
        var dy = y[i] - y[j];
        return 1.0 / (1.0 + dx * dx + dy * dy);
    }
}
