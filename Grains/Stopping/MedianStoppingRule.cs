using System.Globalization;
using Grid.Grains.Specs;

namespace Grid.Grains.Stopping;

/// <summary>
/// Ray Tune's median stopping rule, fold by fold: at epoch e (from <see cref="MedianStopping.MinEpochs"/> on) a fold
/// whose best accuracy over epochs 1..e is below the median of the other trials' mean accuracies over epochs 1..e of
/// the same fold is stopped, once at least <see cref="MedianStopping.MinTrials"/> other trials reached epoch e there.
/// </summary>
public sealed class MedianStoppingRule(MedianStopping spec)
{
    public StopDecision? Check(TrialProgress trial, int fold, int epoch, IReadOnlyList<TrialProgress> trials)
    {
        if (epoch < spec.MinEpochs || trial.Curve(fold) is not { } curve || curve.Count < epoch) return null;
        var others = trials
            .Where(t => t.Index != trial.Index)
            .Select(t => t.Curve(fold))
            .Where(c => c is not null && c.Count >= epoch)
            .Select(c => c!.Take(epoch).Average())
            .ToArray();
        if (others.Length < spec.MinTrials) return null;
        var median = Median(others);
        var best = curve.Take(epoch).Max();
        if (!(best < median)) return null;
        var reason = string.Create(CultureInfo.InvariantCulture,
            $"median: fold {fold} best {best:P1} by epoch {epoch} is below the median {median:P1} of {others.Length} other trials' mean over epochs 1-{epoch}");
        return new StopDecision(trial.Index, fold, StoppingRule.Median, [fold], epoch, null, others.Length, best, median, null, reason);
    }

    /// <summary>The middle value, or the mean of the two middle values of an even count.</summary>
    public static double Median(IReadOnlyList<double> values)
    {
        var sorted = values.Order().ToArray();
        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
