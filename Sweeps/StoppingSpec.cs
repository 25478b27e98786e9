using Grid.Learning.Analysis;

namespace Grid.Grains.Specs;

/// <summary>The one-sided paired test of the <c>paired</c> rule.</summary>
public enum PairedTestKind { Wilcoxon, T }

/// <summary>
/// A sweep's stopping rule (<c>search.stopping</c>), parsed and range-checked. Without one, every fold runs to the end
/// (<see cref="NoStopping"/>). Every rule but <c>none</c> also turns on the fold-interleaved order: fold 1 of every
/// trial is handed out before fold 2 of any, so that trials are compared on the same folds.
/// </summary>
public abstract record StoppingSpec
{
    public abstract StoppingRule Rule { get; }

    /// <summary>True when folds are handed out interleaved (every rule but <c>none</c>).</summary>
    public bool Interleaves => Rule != StoppingRule.None;
}

/// <summary>No early stopping (the default).</summary>
public sealed record NoStopping : StoppingSpec
{
    public static NoStopping Instance { get; } = new();

    public override StoppingRule Rule => StoppingRule.None;
}

/// <summary>
/// Median stopping per fold (as Ray Tune's median stopping rule, applied fold by fold): from epoch
/// <paramref name="MinEpochs"/> on, a fold whose best accuracy so far is below the median of the other trials' mean
/// accuracies over the same epochs of the same fold is stopped, once at least <paramref name="MinTrials"/> other
/// trials reached that epoch of that fold.
/// </summary>
/// <param name="MinEpochs">First epoch at which a fold may be stopped; default 1, at least 1.</param>
/// <param name="MinTrials">Other trials' folds needed for a median; default 3 (Ray's min_samples_required), at least 1.</param>
public sealed record MedianStopping(int MinEpochs = 1, int MinTrials = 3) : StoppingSpec
{
    public override StoppingRule Rule => StoppingRule.Median;
}

/// <summary>
/// Asynchronous successive halving per fold over epochs: rungs at <c>GracePeriod · ReductionFactor^k</c> epochs below
/// <paramref name="MaxEpochs"/>; a fold reaching a rung continues only if its accuracy there is not below the
/// (1 − 1/ReductionFactor) quantile (linear interpolation) of the accuracies recorded so far at that rung of that fold.
/// </summary>
/// <param name="GracePeriod">Epochs before the first rung; default 1, at least 1.</param>
/// <param name="ReductionFactor">η: about 1/η of the folds reaching a rung go on; default 3, at least 2.</param>
/// <param name="MaxEpochs">Epochs past which there is no rung; default null: the job's epochs.</param>
public sealed record AshaStopping(int GracePeriod = 1, int ReductionFactor = 3, int? MaxEpochs = null) : StoppingSpec
{
    public override StoppingRule Rule => StoppingRule.Asha;

    /// <summary>The rung epochs below <paramref name="epochs"/> (the job's epochs when <see cref="MaxEpochs"/> is null).</summary>
    public IReadOnlyList<int> Rungs(int epochs)
    {
        var limit = MaxEpochs ?? epochs;
        var rungs = new List<int>();
        for (long rung = GracePeriod; rung < limit; rung *= ReductionFactor)
            rungs.Add((int)rung);
        return rungs;
    }
}

/// <summary>
/// Paired stopping over folds, in looks: at look n (from <paramref name="MinFolds"/> on, once every trial still in has
/// ended the sweep's first n folds) a trial whose per-fold best accuracies over them are below the incumbent's (the
/// trial with the highest mean over them) by a one-sided paired test at the look's level (<see cref="Level"/>) is
/// stopped; its remaining folds are cancelled.
/// Wilcoxon's exact p-value over n folds is never below 2^−n: with 5 folds and α = 0.05 it can stop only at the last.
/// With <paramref name="FirstFold"/>, look 1 (every trial still in has ended the first fold) is taken as well, on that
/// fold's validation clips, which every trial classified: a trial the incumbent of fold 1 beats by McNemar's exact
/// one-sided test at the look's level is stopped before its second fold.
/// </summary>
/// <param name="Test">wilcoxon (signed-rank, scipy's zero_method "wilcox") or t (paired t); default wilcoxon.</param>
/// <param name="Alpha">Level of the one-sided test; default 0.1, in (0, 1).</param>
/// <param name="MinFolds">Shared finished folds before a trial may be stopped; default 3, at least 2.</param>
/// <param name="Spending">
/// How α is shared among the looks at MinFolds, MinFolds + 1, … shared folds: none (default: every look at α, as
/// Optuna's Wilcoxon pruner), pocock or obrien-fleming (<see cref="AlphaSpending"/>: the chance of stopping a trial
/// no worse than the incumbent stays at most α over all its looks, at the cost of later stops).
/// </param>
/// <param name="FirstFold">
/// True: a look at 1 fold too, by McNemar's test on the first fold's clips (default false). Its level is α, or under
/// alpha spending the share at 1 of the folds (the look at MinFolds then gets the increment since 1).
/// </param>
public sealed record PairedStopping(PairedTestKind Test = PairedTestKind.Wilcoxon, double Alpha = 0.1, int MinFolds = 3,
    AlphaSpendingFunction Spending = AlphaSpendingFunction.None, bool FirstFold = false) : StoppingSpec
{
    /// <summary>The spec's names of the alpha spending functions (<c>spending</c>).</summary>
    public static IReadOnlyDictionary<string, AlphaSpendingFunction> SpendingNames { get; } = new Dictionary<string, AlphaSpendingFunction>(StringComparer.Ordinal)
    {
        ["none"] = AlphaSpendingFunction.None,
        ["pocock"] = AlphaSpendingFunction.Pocock,
        ["obrien-fleming"] = AlphaSpendingFunction.OBrienFleming,
    };

    public override StoppingRule Rule => StoppingRule.Paired;

    /// <summary>The spec's name of <see cref="Spending"/>.</summary>
    public string SpendingName => SpendingNames.Single(pair => pair.Value == Spending).Key;

    /// <summary>
    /// The level a look at <paramref name="sharedFolds"/> of a trial's <paramref name="folds"/> folds is tested at: the
    /// looks are at 1 (with <see cref="FirstFold"/>), then MinFolds, MinFolds + 1, …; each gets what is spent since
    /// the look before it, so their levels sum to α.
    /// </summary>
    public double Level(int sharedFolds, int folds)
    {
        if (sharedFolds < MinFolds && !(FirstFold && sharedFolds == 1))
            throw new ArgumentOutOfRangeException(nameof(sharedFolds), sharedFolds, $"no look at {sharedFolds} folds: the looks are at {(FirstFold ? "1 and " : "")}{MinFolds} folds on");
        var previous = sharedFolds == 1 ? 0 : sharedFolds == MinFolds ? (FirstFold ? 1 : 0) : sharedFolds - 1;
        return AlphaSpending.Increment(Spending, Alpha, sharedFolds, previous, folds);
    }
}
