namespace Grid.Learning.Data;

/// <summary>Seeded, class-stratified assignment of items to folds or to fractional splits.</summary>
public static class StratifiedSplit
{
    /// <summary>
    /// Fold (1..<paramref name="foldCount"/>) per item: each class is shuffled with <paramref name="random"/> and dealt
    /// round-robin, starting where the previous class stopped so fold sizes stay within one of each other.
    /// </summary>
    public static int[] KFold(IReadOnlyList<int> labels, int foldCount, Random random)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(foldCount, 2);
        var folds = new int[labels.Count];
        var next = 0;
        foreach (var members in MembersByClass(labels))
        {
            Shuffle(members, random);
            foreach (var item in members)
            {
                folds[item] = next + 1;
                next = (next + 1) % foldCount;
            }
        }
        return folds;
    }

    /// <summary>
    /// Split (1..fractions.Length) per item: within each shuffled class the first round(f₁·n) items go to split 1,
    /// the next round((f₁+f₂)·n) − round(f₁·n) to split 2, and so on; the last split takes the rest.
    /// </summary>
    public static int[] ByFractions(IReadOnlyList<int> labels, IReadOnlyList<double> fractions, Random random)
    {
        if (fractions.Count < 2 || fractions.Any(f => f <= 0) || Math.Abs(fractions.Sum() - 1) > 1e-9)
            throw new ArgumentException("fractions must be positive and sum to 1", nameof(fractions));
        var splits = new int[labels.Count];
        foreach (var members in MembersByClass(labels))
        {
            Shuffle(members, random);
            var cumulative = 0.0;
            var start = 0;
            for (var split = 0; split < fractions.Count; split++)
            {
                cumulative += fractions[split];
                var end = split == fractions.Count - 1 ? members.Count : (int)Math.Round(cumulative * members.Count, MidpointRounding.AwayFromZero);
                for (var i = start; i < end; i++) splits[members[i]] = split + 1;
                start = end;
            }
        }
        return splits;
    }

    private static IEnumerable<List<int>> MembersByClass(IReadOnlyList<int> labels) =>
        Enumerable.Range(0, labels.Count).GroupBy(i => labels[i]).OrderBy(g => g.Key).Select(g => g.ToList());

    private static void Shuffle(List<int> items, Random random)
    {
        for (var i = items.Count - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }
}
