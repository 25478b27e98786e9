using Grid.Learning.Runtime;

namespace Grid.Learning.Data.Synthetic;

/// <summary>One planned synthetic source: its class, how many slices are cut from it, and the one fold they all go to.</summary>
sealed record PlannedSource(int ClassIndex, int SourceNumber, int Slices, int Fold);

/// <summary>Splits each class's clips into sources of 1..maxSlices slices and deals sources to folds, keeping each class, then the fold totals, balanced.</summary>
static class SourcePlan
{
    public static IReadOnlyList<PlannedSource> Make(int classCount, int clipsPerClass, int foldCount, int maxSlices, long seed, string layout)
    {
        var random = Seeds.Random(seed, layout, "plan");
        var sources = new List<PlannedSource>();
        var foldTotals = new int[foldCount];
        for (var cls = 0; cls < classCount; cls++)
        {
            var clipsInFold = new int[foldCount];
            for (var remaining = clipsPerClass; remaining > 0;)
            {
                var slices = Math.Min(remaining, random.Next(1, maxSlices + 1));
                var fold = Enumerable.Range(0, foldCount)
                    .OrderBy(f => clipsInFold[f]).ThenBy(f => foldTotals[f]).ThenBy(_ => random.Next()).First();
                clipsInFold[fold] += slices;
                foldTotals[fold] += slices;
                sources.Add(new PlannedSource(cls, sources.Count, slices, fold + 1));
                remaining -= slices;
            }
        }
        return sources;
    }
}
