namespace Grid.Learning.Analysis;

/// <summary>
/// The gradient of KL(P‖Q) for a 2-d t-SNE map with Student-t (one degree of freedom) similarities:
/// dC/dy_i = 4 Σ_j (exaggeration·p_ij − q_ij) (1 + ‖y_i − y_j‖²)⁻¹ (y_i − y_j), with q_ij = w_ij / Z.
/// </summary>
public static class TsneGradient
{
    /// <summary>Exact O(N²) gradient from the dense N×N P; <paramref name="weights"/> is N×N scratch space.</summary>
    public static void Exact(double[] joint, double[] x, double[] y, double exaggeration, double[] weights,
        double[] gradX, double[] gradY)
    {
        var n = x.Length;
        double normaliser = 0;
        for (var i = 0; i < n; i++)
            for (var j = i + 1; j < n; j++)
            {
                var dx = x[i] - x[j];
                var dy = y[i] - y[j];
                var w = 1.0 / (1.0 + dx * dx + dy * dy);
                weights[i * n + j] = w;
                weights[j * n + i] = w;
                normaliser += 2 * w;
            }
        for (var i = 0; i < n; i++)
        {
            double gx = 0, gy = 0;
            for (var j = 0; j < n; j++)
            {
                if (j == i)
                    continue;
                var w = weights[i * n + j];
                var strength = (exaggeration * joint[i * n + j] - w / normaliser) * w;
                gx += strength * (x[i] - x[j]);
                gy += strength * (y[i] - y[j]);
            }
            gradX[i] = 4 * gx;
            gradY[i] = 4 * gy;
        }
    }

    /// <summary>Barnes-Hut gradient: attraction over the sparse P exactly, repulsion through a quadtree.</summary>
    public static void BarnesHut(SparseMatrix joint, double[] x, double[] y, double exaggeration, double theta,
        double[] gradX, double[] gradY)
    {
        var n = x.Length;
        var tree = new QuadTree(x, y);
        var repelX = new double[n];
        var repelY = new double[n];
        double normaliser = 0;
        for (var i = 0; i < n; i++)
            normaliser += tree.Repulsion(i, theta, out repelX[i], out repelY[i]);
        for (var i = 0; i < n; i++)
        {
            double attractX = 0, attractY = 0;
            for (var e = joint.RowStart[i]; e < joint.RowStart[i + 1]; e++)
            {
                var j = joint.Columns[e];
                var dx = x[i] - x[j];
                var dy = y[i] - y[j];
                var strength = joint.Values[e] / (1.0 + dx * dx + dy * dy);
                attractX += strength * dx;
                attractY += strength * dy;
            }
            gradX[i] = 4 * (exaggeration * attractX - repelX[i] / normaliser);
            gradY[i] = 4 * (exaggeration * attractY - repelY[i] / normaliser);
        }
    }
}
