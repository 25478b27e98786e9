namespace Grid.Learning.Analysis;

/// <summary>
/// McNemar's exact test of two classifiers on the same clips, one-sided: only the discordant clips (right by one, wrong
/// by the other) carry evidence, and under "as good as each other" each is equally likely to favour either, so the
/// clips the second got right and the first wrong are binomial(discordant, ½). Matches
/// <c>scipy.stats.binomtest(against, discordant, 0.5, alternative="greater")</c>.
/// </summary>
public static class McNemarTest
{
    /// <summary>P(X ≥ <paramref name="against"/>) for X ~ binomial(<paramref name="discordant"/>, ½): the p-value of "the first is worse".</summary>
    /// <param name="against">Discordant clips the second classifier got right and the first wrong.</param>
    /// <param name="discordant">Every discordant clip; at least 1 (no discordant clip: no test).</param>
    public static double ExactWorse(int against, int discordant)
    {
        if (discordant < 1)
            throw new ArgumentOutOfRangeException(nameof(discordant), discordant, "McNemar's test needs at least one discordant clip");
        if (against < 0 || against > discordant)
            throw new ArgumentOutOfRangeException(nameof(against), against, $"must lie in [0, {discordant}]");
        // P(X ≥ k) = I_½(k, n − k + 1) for k ≥ 1 (the binomial tail as an incomplete beta).
        return against == 0 ? 1 : Math.Min(1, SpecialFunctions.RegularizedIncompleteBeta(0.5, against, discordant - against + 1));
    }
}
