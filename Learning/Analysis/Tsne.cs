using Grid.Learning.Runtime;

namespace Grid.Learning.Analysis;

/// <summary>
/// t-distributed stochastic neighbour embedding into two dimensions (van der Maaten and Hinton 2008): exact
/// gradients up to <see cref="TsneOptions.ExactLimit"/> points, Barnes-Hut (van der Maaten 2014) beyond.
/// Single-threaded and seeded, so the same input, options and seed give the same map bit for bit.
/// </summary>
public static class Tsne
{
    private const double InitialSpread = 1e-4;

    /// <summary>Maps N points (rows of equal length) to N×2 coordinates.</summary>
    public static TsneMap Embed(IReadOnlyList<float[]> points, TsneOptions options) =>
        Embed(points.Select(p => Array.ConvertAll(p, v => (double)v)).ToArray(), options);

    /// <summary>Maps N points (rows of equal length) to N×2 coordinates.</summary>
    public static TsneMap Embed(double[][] points, TsneOptions options)
    {
        ValidatePoints(points);
        options.Validate(points.Length);
        var n = points.Length;
        var exact = n <= options.ExactLimit;
        var dense = exact ? JointProbabilities.Dense(points, options.Perplexity) : null;
        var sparse = exact ? null : JointProbabilities.Nearest(points, options.Perplexity);
        var scratch = exact ? new double[n * n] : null;

        var (x, y) = InitialLayout(n, options.Seed);
        var gradX = new double[n];
        var gradY = new double[n];
        var state = new Optimiser(n, options.EffectiveLearningRate(n), options.MinGain);
        for (var iteration = 0; iteration < options.Iterations; iteration++)
        {
            var exaggerating = iteration < options.ExaggerationIterations;
            var exaggeration = exaggerating ? options.EarlyExaggeration : 1.0;
            if (exact)
                TsneGradient.Exact(dense!, x, y, exaggeration, scratch!, gradX, gradY);
            else
                TsneGradient.BarnesHut(sparse!, x, y, exaggeration, options.Theta, gradX, gradY);
            var momentum = exaggerating ? options.InitialMomentum : options.FinalMomentum;
            state.Step(x, gradX, state.VelocityX, state.GainX, momentum);
            state.Step(y, gradY, state.VelocityY, state.GainY, momentum);
            Centre(x);
            Centre(y);
        }
        var cost = exact ? TsneCost.Exact(dense!, x, y) : TsneCost.BarnesHut(sparse!, x, y, options.Theta);
        return new TsneMap(Enumerable.Range(0, n).Select(i => new[] { x[i], y[i] }).ToArray(), cost, !exact);
    }

    private static void ValidatePoints(double[][] points)
    {
        if (points.Length < 2)
            throw new ArgumentException($"t-SNE needs at least 2 points, got {points.Length}", nameof(points));
        var dimension = points[0].Length;
        if (dimension == 0)
            throw new ArgumentException("point 0 has no coordinates", nameof(points));
        for (var i = 0; i < points.Length; i++)
        {
            if (points[i].Length != dimension)
                throw new ArgumentException($"point {i} has {points[i].Length} coordinates, point 0 has {dimension}", nameof(points));
            if (points[i].Any(v => !double.IsFinite(v)))
                throw new ArgumentException($"point {i} has a non-finite coordinate", nameof(points));
        }
    }

    /// <summary>Small isotropic Gaussian noise (standard deviation 1e-4), from the seed.</summary>
    private static (double[] X, double[] Y) InitialLayout(int n, long seed)
    {
        var random = Seeds.Random(seed, "tsne", "init");
        var x = new double[n];
        var y = new double[n];
        for (var i = 0; i < n; i++)
        {
            // Box-Muller: two uniforms give two independent standard normals.
            var radius = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble()));
            var angle = 2 * Math.PI * random.NextDouble();
            x[i] = InitialSpread * radius * Math.Cos(angle);
            y[i] = InitialSpread * radius * Math.Sin(angle);
        }
        return (x, y);
    }

    private static void Centre(double[] coordinates)
    {
        var mean = coordinates.Average();
        for (var i = 0; i < coordinates.Length; i++)
            coordinates[i] -= mean;
    }

    /// <summary>Gradient descent with momentum and per-coordinate adaptive gains (delta-bar-delta).</summary>
    private sealed class Optimiser(int n, double learningRate, double minGain)
    {
        public double[] VelocityX { get; } = new double[n];
        public double[] VelocityY { get; } = new double[n];
        public double[] GainX { get; } = Enumerable.Repeat(1.0, n).ToArray();
        public double[] GainY { get; } = Enumerable.Repeat(1.0, n).ToArray();

        public void Step(double[] position, double[] gradient, double[] velocity, double[] gain, double momentum)
        {
            for (var i = 0; i < position.Length; i++)
            {
                // Grow the gain while the gradient keeps pointing against the last step, shrink it when it flips.
                var consistent = gradient[i] * velocity[i] < 0;
                gain[i] = Math.Max(consistent ? gain[i] + 0.2 : gain[i] * 0.8, minGain);
                velocity[i] = momentum * velocity[i] - learningRate * gain[i] * gradient[i];
                position[i] += velocity[i];
            }
        }
    }
}
