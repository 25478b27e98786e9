using System.Globalization;
using Grid.Grains.Specs;

namespace Grid.Grains.Stopping;

/// <summary>
/// Asynchronous successive halving, fold by fold: when a fold reaches a rung (an epoch of <see cref="Rungs"/>), its
/// accuracy there is recorded with those of every trial's same fold that reached the rung before; it goes on unless it
/// is below their (1 − 1/η) quantile (linear interpolation, numpy's percentile default), as Ray Tune's ASHA decides.
/// </summary>
/// <param name="epochs">The job's epochs per fold: no rung at or past the last epoch (or the spec's maxEpochs).</param>
public sealed class AshaRule(AshaStopping spec, int epochs)
{
    public IReadOnlyList<int> Rungs { get; } = spec.Rungs(epochs);

    public StopDecision? Check(TrialProgress trial, int fold, int rung, IReadOnlyList<TrialProgress> trials)
    {
        if (!Rungs.Contains(rung) || trial.Curve(fold) is not { } curve || curve.Count < rung) return null;
        var recorded = trials
            .Select(t => t.Curve(fold))
            .Where(c => c is not null && c.Count >= rung)
            .Select(c => c![rung - 1])
            .ToArray();
        var cutoff = Quantile(recorded, 1 - 1.0 / spec.ReductionFactor);
        var value = curve[rung - 1];
        if (!(value < cutoff)) return null;
        var reason = string.Create(CultureInfo.InvariantCulture,
            $"asha: fold {fold} accuracy {value:P1} at rung epoch {rung} is below the cutoff {cutoff:P1} (top 1/{spec.ReductionFactor} of {recorded.Length} folds there)");
        return new StopDecision(trial.Index, fold, StoppingRule.Asha, [fold], rung, null, recorded.Length - 1, value, cutoff, null, reason);
    }

    /// <summary>The q-quantile with linear interpolation between order statistics (numpy's default).</summary>
    public static double Quantile(IReadOnlyList<double> values, double q)
    {
        var sorted = values.Order().ToArray();
        var position = q * (sorted.Length - 1);
        var below = (int)Math.Floor(position);
        var above = Math.Min(below + 1, sorted.Length - 1);
        return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
    }
}
