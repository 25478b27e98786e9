using Grid.Grains.Stopping;

namespace Grid.Tests.Stopping;

/// <summary>Trial progress for the stopping rules' unit tests.</summary>
internal static class Progress
{
    /// <summary>A trial whose folds 1..n finished with the given curves (one list per fold, fold numbers from 1).</summary>
    public static TrialProgress Finished(int index, params double[][] curves) => Make(index, curves, finished: curves.Length, folds: curves.Length);

    /// <summary>A trial with <paramref name="curves"/> for folds 1..n, the first <paramref name="finished"/> finished, the rest running, folds up to <paramref name="folds"/> open.</summary>
    public static TrialProgress Make(int index, double[][] curves, int finished, int folds)
    {
        var byFold = curves.Select((curve, i) => (Fold: i + 1, Curve: (IReadOnlyList<double>)curve)).ToDictionary(c => c.Fold, c => c.Curve);
        return new TrialProgress(index, byFold,
            Enumerable.Range(1, finished).ToHashSet(),
            Enumerable.Range(finished + 1, Math.Max(folds - finished, 0)).ToHashSet());
    }

    /// <summary>One running fold (fold 1) with the given curve.</summary>
    public static TrialProgress Running(int index, params double[] curve) => Make(index, [curve], finished: 0, folds: 1);
}
