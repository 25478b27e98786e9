using System.Text.Json;
using Grid.Grains;
using Grid.Grains.Specs;
using Grid.Grains.Stopping;
using Grid.Learning.Analysis;
using Grid.Learning.Training;
using Grid.Tests.Analysis;
using Xunit;

namespace Grid.Tests.Stopping;

/// <summary>
/// The paired rule's first-fold look (<c>"firstFold": true</c>): McNemar's exact test on the first fold's clips, against
/// scipy (Tests/Fixtures/analysis/make_mcnemar_fixtures.py), and when the sweep takes it.
/// </summary>
[Trait("Category", "Unit")]
public sealed class FirstFoldLookTests
{
    private static readonly double[] Levels = [0.01, 0.05, 0.2];

    public static TheoryData<string> CaseNames() =>
        new(Fixtures.Json("analysis/mcnemar.json").GetProperty("clips").EnumerateArray().Select(c => c.GetProperty("name").GetString()!));

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void StopsExactlyWhenScipysOneSidedMcNemarPValueIsBelowTheLevel(string name)
    {
        var c = Fixtures.Json("analysis/mcnemar.json").GetProperty("clips").EnumerateArray().Single(c => c.GetProperty("name").GetString() == name);
        var incumbentFlags = Flags(c.GetProperty("incumbent"));
        var trialFlags = Flags(c.GetProperty("trial"));
        var incumbent = OneFold(0, incumbentFlags);
        var trial = OneFold(1, trialFlags);
        var trialLeads = trialFlags.Count(f => f) > incumbentFlags.Count(f => f);

        foreach (var level in Levels)
        {
            var rule = new PairedStoppingRule(new PairedStopping(PairedTestKind.T, level, 2, FirstFold: true), folds: 5);

            var decision = rule.CheckFirstFold(trial, [incumbent, trial], fold: 1);

            var stops = !trialLeads && c.GetProperty("p").ValueKind == JsonValueKind.Number && c.GetProperty("p").GetDouble() < level;
            Assert.True(stops == decision is not null, $"{name} at {level}: {decision?.Reason ?? "not stopped"}");
            if (decision is null) continue;
            var onlyIncumbent = c.GetProperty("onlyIncumbent").GetInt32();
            Assert.Equal((1, (int?)0, onlyIncumbent + c.GetProperty("onlyTrial").GetInt32(), (double)onlyIncumbent, level),
                (decision.TrialIndex, decision.AgainstTrial, decision.Compared, decision.Statistic, decision.Threshold));
            Assert.Equal([1], decision.ComparedFolds);
            Assert.True(decision.StopsTrial);
            PairedTestsTests.AssertClose(c.GetProperty("p").GetDouble(), decision.PValue!.Value, 1e-9);
            Assert.Contains($"McNemar: {onlyIncumbent} of {decision.Compared} discordant clips right by trial 0 only", decision.Reason);
        }
    }

    [Fact]
    public void TheLookWaitsForEveryTrialsFirstFoldAndIsTakenOnce()
    {
        var stopper = new SweepStopper(new PairedStopping(PairedTestKind.T, 0.01, 2, FirstFold: true), epochs: 1, folds: [1, 2, 3]);
        var judged = new HashSet<string>();
        var leader = OneFold(0, Right(50, of: 60));
        var loser = OneFold(1, Right(10, of: 60));
        var running = Progress.Make(2, [[0.2]], finished: 0, folds: 3);

        Assert.Empty(stopper.Decide([leader, loser, running], [], judged, new HashSet<int>()));
        Assert.Empty(judged);

        var decision = Assert.Single(stopper.Decide([leader, loser, OneFold(2, Right(48, of: 60))], [], judged, new HashSet<int>()));
        Assert.Equal((1, 0, 40), (decision.TrialIndex, decision.AgainstTrial!.Value, decision.Compared));
        Assert.Equal(["paired/look/1"], judged);
        Assert.Empty(stopper.Decide([leader, loser, OneFold(2, Right(48, of: 60))], [decision], judged, new HashSet<int>()));
    }

    [Fact]
    public void WithoutAFirstFoldLevelOrWithoutMarksNothingIsDecidedAfterOneFold()
    {
        TrialProgress[] trials = [OneFold(0, Right(50, of: 60)), OneFold(1, Right(5, of: 60))];
        var judged = new HashSet<string>();

        Assert.Empty(new SweepStopper(new PairedStopping(PairedTestKind.T, 0.1, 2), 1, [1, 2, 3]).Decide(trials, [], judged, new HashSet<int>()));
        Assert.Empty(judged);

        var unmarked = trials.Select(t => t with { CorrectClips = null }).ToArray();
        Assert.Empty(new SweepStopper(new PairedStopping(PairedTestKind.T, 0.5, 2, FirstFold: true), 1, [1, 2, 3]).Decide(unmarked, [], judged, new HashSet<int>()));
        Assert.Equal(["paired/look/1"], judged);
    }

    [Fact]
    public void BetweenTheFirstFoldLookAndMinFoldsNoTrialIsTested()
    {
        // Fold 1: 47 against 48 of 60 clips (McNemar p = 0.5); folds 1 and 2 behind by 1.7 and 2 points, so the t-test
        // over them (p 0.03) stops trial 1 when minFolds is 2, and must not when it is 3.
        var leader = Progress.Make(0, [[0.80], [0.82]], finished: 2, folds: 4) with { CorrectClips = new Dictionary<int, byte[]> { [1] = CorrectClipBits.FromFlags(Right(48, of: 60)) } };
        var loser = Progress.Make(1, [[47 / 60.0], [0.80]], finished: 2, folds: 4) with { CorrectClips = new Dictionary<int, byte[]> { [1] = CorrectClipBits.FromFlags(Right(47, of: 60)) } };
        StopDecision[] Decide(int minFolds, HashSet<string> judged) =>
            [.. new SweepStopper(new PairedStopping(PairedTestKind.T, 0.1, minFolds, FirstFold: true), epochs: 1, folds: [1, 2, 3, 4])
                .Decide([leader, loser], [], judged, new HashSet<int>())];

        var judged = new HashSet<string>();
        Assert.Empty(Decide(3, judged));
        Assert.Equal(["paired/look/1", "paired/look/2"], judged.Order());

        var atTwo = Assert.Single(Decide(2, []));
        Assert.Equal([1, 2], atTwo.ComparedFolds);
    }

    [Theory]
    [InlineData(AlphaSpendingFunction.None)]
    [InlineData(AlphaSpendingFunction.Pocock)]
    [InlineData(AlphaSpendingFunction.OBrienFleming)]
    public void UnderAlphaSpendingTheFirstFoldLookTakesTheShareAtOneFoldAndAllLooksStillSumToAlpha(AlphaSpendingFunction function)
    {
        foreach (var (folds, minFolds) in new[] { (5, 2), (10, 2), (10, 3), (2, 2) })
        {
            var spec = new PairedStopping(PairedTestKind.T, 0.1, minFolds, function, FirstFold: true);
            var looks = new[] { 1 }.Concat(Enumerable.Range(minFolds, folds - minFolds + 1)).ToArray();

            var levels = looks.Select(n => spec.Level(n, folds)).ToArray();

            if (function == AlphaSpendingFunction.None)
            {
                Assert.All(levels, level => Assert.Equal(0.1, level));
                continue;
            }
            Assert.Equal(AlphaSpending.Spent(function, 0.1, 1.0 / folds), levels[0], 15);
            Assert.Equal(0.1, levels.Sum(), 12);
            Assert.All(levels, level => Assert.True(level > 0));
            // Without the first-fold look the looks from minFolds on sum to α alone.
            var without = spec with { FirstFold = false };
            Assert.Equal(0.1, looks.Skip(1).Sum(n => without.Level(n, folds)), 12);
        }
    }

    /// <summary>A trial whose fold 1 finished (one epoch) with these clips right.</summary>
    private static TrialProgress OneFold(int index, bool[] right) =>
        Progress.Make(index, [[right.Count(r => r) / (double)right.Length]], finished: 1, folds: 3)
            with { CorrectClips = new Dictionary<int, byte[]> { [1] = CorrectClipBits.FromFlags(right) } };

    /// <summary>The first <paramref name="right"/> of <paramref name="of"/> clips right.</summary>
    private static bool[] Right(int right, int of) => Enumerable.Range(0, of).Select(i => i < right).ToArray();

    private static bool[] Flags(JsonElement flags) => flags.EnumerateArray().Select(f => f.GetInt32() == 1).ToArray();
}
