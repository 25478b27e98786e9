namespace Grid.Grains;

/// <summary>
/// One early-stopping decision and its evidence. <see cref="Fold"/> null: the whole trial stopped (paired rule: its
/// remaining folds cancelled); otherwise that fold of the trial (median, asha).
/// </summary>
/// <param name="ComparedFolds">Folds compared (paired: the folds shared with <see cref="AgainstTrial"/>, or the first fold at the first-fold look; median, asha: the stopped fold).</param>
/// <param name="Epoch">Epoch at which a fold was compared (median: epochs 1..Epoch; asha: the rung); null for paired.</param>
/// <param name="AgainstTrial">Paired: the incumbent compared against; null otherwise.</param>
/// <param name="Compared">How many other trials' values the statistic was compared with (median, asha) or pairs (paired: folds; at the first-fold look, discordant clips).</param>
/// <param name="Statistic">Median: the fold's best accuracy so far; asha: its accuracy at the rung; paired: W+ (Wilcoxon) or t; at the first-fold look, the discordant clips the incumbent alone got right (McNemar).</param>
/// <param name="Threshold">Median: the median of the others' mean accuracies; asha: the rung's cutoff; paired: the level p was tested at (α, the look's share of α under alpha spending, or the first-fold level).</param>
/// <param name="PValue">Paired: the one-sided p-value (trial worse than the incumbent); null otherwise.</param>
[GenerateSerializer, Immutable]
public sealed record StopDecision(
    [property: Id(0)] int TrialIndex,
    [property: Id(1)] int? Fold,
    [property: Id(2)] StoppingRule Rule,
    [property: Id(3)] IReadOnlyList<int> ComparedFolds,
    [property: Id(4)] int? Epoch,
    [property: Id(5)] int? AgainstTrial,
    [property: Id(6)] int Compared,
    [property: Id(7)] double Statistic,
    [property: Id(8)] double Threshold,
    [property: Id(9)] double? PValue,
    [property: Id(10)] string Reason)
{
    /// <summary>When the grid took the decision.</summary>
    [Id(11)] public DateTimeOffset DecidedAt { get; init; }

    /// <summary>True for a decision on the whole trial rather than one fold.</summary>
    public bool StopsTrial => Fold is null;

    /// <summary>True when the decision covers <paramref name="fold"/> of its trial.</summary>
    public bool Covers(int fold) => Fold is null || Fold == fold;
}
