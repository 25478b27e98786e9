using System.Text.Json.Nodes;
using Grid.Learning.Runtime;

namespace Grid.Grains.Specs;

/// <summary>A point of the search space: the value of every searched path.</summary>
public sealed record TrialPoint(int Index, IReadOnlyList<KeyValuePair<string, JsonNode>> Values);

/// <summary>
/// Expands a search space into trials: the cartesian product of the grid parameters, repeated
/// <c>samples</c> times, each trial drawing its random parameters from a seed derived from the
/// experiment seed and the trial index (so the same spec always gives the same trials). The trial
/// budget <c>maxTrials</c> keeps the first trials of that order.
/// </summary>
public static class SearchSpaceExpander
{
    public static IReadOnlyList<TrialPoint> Expand(SweepSpec spec)
    {
        var grid = spec.Search.Where(p => p.Domain is GridDomain).ToArray();
        var random = spec.Search.Where(p => p.Domain is not GridDomain).ToArray();
        var gridPoints = CartesianProduct(grid, spec.Variants);

        var trials = new List<TrialPoint>();
        for (var sample = 0; sample < spec.Samples; sample++)
        {
            foreach (var gridPoint in gridPoints)
            {
                if (trials.Count == spec.MaxTrials) return trials;
                var index = trials.Count;
                var rng = Seeds.Random(spec.Seed, "search", index);
                var values = gridPoint.Concat(random.Select(p => KeyValuePair.Create(p.Path, Draw(p.Domain, rng))));
                trials.Add(new TrialPoint(index, values.OrderBy(v => v.Key, StringComparer.Ordinal).ToArray()));
            }
        }
        return trials;
    }

    // Listed trials come first in the order, so that trial indices follow the spec's list.
    private static List<KeyValuePair<string, JsonNode>[]> CartesianProduct(IReadOnlyList<SearchParameter> grid,
        IReadOnlyList<IReadOnlyList<KeyValuePair<string, JsonNode>>> variants)
    {
        var points = variants.Count == 0
            ? [Array.Empty<KeyValuePair<string, JsonNode>>()]
            : variants.Select(v => v.Select(p => KeyValuePair.Create(p.Key, p.Value.DeepClone())).ToArray()).ToList();
        foreach (var parameter in grid)
        {
            var values = ((GridDomain)parameter.Domain).Values;
            points = points
                .SelectMany(point => values.Select(value => point.Append(KeyValuePair.Create(parameter.Path, value.DeepClone())).ToArray()))
                .ToList();
        }
        return points;
    }

    /// <summary>One value from a random domain; draws consume <paramref name="rng"/> in a fixed order.</summary>
    public static JsonNode Draw(ParameterDomain domain, Random rng) => domain switch
    {
        ChoiceDomain choice => choice.Values[rng.Next(choice.Values.Count)].DeepClone(),
        UniformDomain uniform => JsonValue.Create(uniform.Low + rng.NextDouble() * (uniform.High - uniform.Low)),
        LogUniformDomain log => JsonValue.Create(Math.Exp(Math.Log(log.Low) + rng.NextDouble() * (Math.Log(log.High) - Math.Log(log.Low)))),
        RandIntDomain randint => JsonValue.Create(rng.NextInt64(randint.Low, randint.High)),
        _ => throw new ArgumentException($"{domain.GetType().Name} is not a random domain", nameof(domain)),
    };
}
