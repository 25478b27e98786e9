namespace Grid.Learning.Analysis;

/// <summary>
/// The conditional probabilities p(j|i) of t-SNE's input space: a Gaussian around point i whose precision
/// is found by binary search so that the distribution's perplexity 2^H equals the target.
/// </summary>
public static class PerplexityCalibration
{
    private const int MaxSteps = 200;
    private const double EntropyTolerance = 1e-5;

    /// <summary>
    /// p(j|i) for the neighbours of one point, given their squared distances (the point itself excluded).
    /// The result sums to 1 and its perplexity is the target (within 1e-5 nats of entropy) whenever the
    /// distances allow it.
    /// </summary>
    public static double[] ConditionalProbabilities(ReadOnlySpan<double> squaredDistances, double perplexity)
    {
        if (squaredDistances.Length == 0)
            return [];
        // Shifting by the smallest distance leaves the normalised row unchanged and keeps exp() from underflowing.
        var nearest = double.PositiveInfinity;
        foreach (var d in squaredDistances)
            nearest = Math.Min(nearest, d);

        var targetEntropy = Math.Log(perplexity);
        var probabilities = new double[squaredDistances.Length];
        double beta = 1, low = double.NegativeInfinity, high = double.PositiveInfinity;
        for (var step = 0; step < MaxSteps; step++)
        {
            var entropy = GaussianRow(squaredDistances, nearest, beta, probabilities);
            var gap = entropy - targetEntropy;
            if (Math.Abs(gap) < EntropyTolerance)
                break;
            if (gap > 0)
            {
                // Too flat: sharpen the Gaussian.
                low = beta;
                beta = double.IsPositiveInfinity(high) ? beta * 2 : (beta + high) / 2;
            }
            else
            {
                high = beta;
                beta = double.IsNegativeInfinity(low) ? beta / 2 : (beta + low) / 2;
            }
        }
        return probabilities;
    }

    /// <summary>Fills <paramref name="row"/> with the normalised Gaussian of precision beta and returns its entropy in nats.</summary>
    private static double GaussianRow(ReadOnlySpan<double> squaredDistances, double shift, double beta, double[] row)
    {
        double sum = 0;
        for (var j = 0; j < row.Length; j++)
        {
            row[j] = Math.Exp(-(squaredDistances[j] - shift) * beta);
            sum += row[j];
        }
        double weightedDistance = 0;
        for (var j = 0; j < row.Length; j++)
        {
            row[j] /= sum;
            weightedDistance += (squaredDistances[j] - shift) * row[j];
        }
        return Math.Log(sum) + beta * weightedDistance;
    }
}
