using System.Globalization;
using System.Numerics;
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
    /// <summary>The most trials one sweep may expand to (after <c>maxTrials</c>): each is a grain with its folds.</summary>
    public const int MaxTrials = 10_000;

    /// <summary>The most fold jobs one sweep may start (trials × folds): <see cref="MaxTrials"/> trials of a ten-fold dataset.</summary>
    public const int MaxFoldJobs = 100_000;

    /// <summary>
    /// The number of trials <paramref name="spec"/> expands to, computed from the domain sizes without expanding
    /// anything: min(maxTrials, samples × listed trials × grid points). Refuses a sweep over <see cref="MaxTrials"/>
    /// trials or <see cref="MaxFoldJobs"/> fold jobs.
    /// </summary>
    public static int CountTrials(SweepSpec spec)
    {
        var points = GridPointCount(spec);
        var all = points * spec.Samples;
        var count = BigInteger.Min(all, spec.MaxTrials);
        if (count > MaxTrials)
        {
            var field = spec.MaxTrials < int.MaxValue ? "maxTrials" : spec.Search.Count > 0 || spec.Variants.Count > 0 ? "search" : "samples";
            throw new SpecException(field, $"the sweep expands to {Describe(count)} trials, more than the limit of {MaxTrials:N0}: set maxTrials or shrink the search");
        }
        var jobs = count * spec.Dataset.Folds.Count;
        if (jobs > MaxFoldJobs)
            throw new SpecException("dataset.folds",
                $"{Describe(count)} trials × {spec.Dataset.Folds.Count:N0} folds is {Describe(jobs)} fold jobs, more than the limit of {MaxFoldJobs:N0}: list fewer folds or set maxTrials");
        return (int)count;
    }

    public static IReadOnlyList<TrialPoint> Expand(SweepSpec spec)
    {
        var count = CountTrials(spec);
        var grid = spec.Search.Where(p => p.Domain is GridDomain).ToArray();
        var random = spec.Search.Where(p => p.Domain is not GridDomain).ToArray();
        var points = GridPointCount(spec);

        var trials = new List<TrialPoint>(count);
        for (var index = 0; index < count; index++)
        {
            var rng = Seeds.Random(spec.Seed, "search", index);
            var gridPoint = GridPoint(spec.Variants, grid, (long)(index % points));
            var values = gridPoint.Concat(random.Select(p => KeyValuePair.Create(p.Path, Draw(p.Domain, rng))));
            trials.Add(new TrialPoint(index, values.OrderBy(v => v.Key, StringComparer.Ordinal).ToArray()));
        }
        return trials;
    }

    private static BigInteger GridPointCount(SweepSpec spec)
    {
        BigInteger points = Math.Max(1, spec.Variants.Count);
        foreach (var parameter in spec.Search)
            if (parameter.Domain is GridDomain domain) points *= domain.Values.Count;
        return points;
    }

    /// <summary>
    /// Grid point <paramref name="number"/> of the cartesian product, in the order of listed trials first, then each
    /// grid parameter with the last one varying fastest (so that trial indices follow the spec's lists).
    /// </summary>
    private static IEnumerable<KeyValuePair<string, JsonNode>> GridPoint(IReadOnlyList<IReadOnlyList<KeyValuePair<string, JsonNode>>> variants,
        IReadOnlyList<SearchParameter> grid, long number)
    {
        var values = new KeyValuePair<string, JsonNode>[grid.Count];
        for (var i = grid.Count - 1; i >= 0; i--)
        {
            var domain = ((GridDomain)grid[i].Domain).Values;
            values[i] = KeyValuePair.Create(grid[i].Path, domain[(int)(number % domain.Count)].DeepClone());
            number /= domain.Count;
        }
        var listed = variants.Count == 0 ? [] : variants[(int)number].Select(p => KeyValuePair.Create(p.Key, p.Value.DeepClone()));
        return listed.Concat(values).ToArray();
    }

    private static string Describe(BigInteger count) =>
        count < BigInteger.Pow(10, 12) ? count.ToString("N0", CultureInfo.InvariantCulture) : $"about 10^{BigInteger.Log10(count):F0}";

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
