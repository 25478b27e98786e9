using System.Text.Json;
using Grid.Learning.Analysis;
using Grid.Learning.Training;
using Xunit;

namespace Grid.Tests.Analysis;

/// <summary>McNemar's exact one-sided test and the clip marks it pairs, against scipy's binomtest (Tests/Fixtures/analysis/make_mcnemar_fixtures.py).</summary>
[Trait("Category", "Unit")]
public sealed class McNemarTestTests
{
    private static readonly JsonElement Fixture = Fixtures.Json("analysis/mcnemar.json");

    [Fact]
    public void TheBinomialTailMatchesScipyFromOneToHundredsOfDiscordantClips()
    {
        var cases = Fixture.GetProperty("binomial").EnumerateArray().ToArray();
        Assert.True(cases.Length > 40);
        foreach (var c in cases)
        {
            var (against, discordant) = (c.GetProperty("against").GetInt32(), c.GetProperty("discordant").GetInt32());
            PairedTestsTests.AssertClose(c.GetProperty("p").GetDouble(), McNemarTest.ExactWorse(against, discordant), 1e-9);
        }
    }

    [Fact]
    public void MarksPairTheClipsAsScipysCountsDo()
    {
        foreach (var c in Fixture.GetProperty("clips").EnumerateArray())
        {
            var trial = Marks(c.GetProperty("trial"));
            var incumbent = Marks(c.GetProperty("incumbent"));

            var (onlyTrial, onlyIncumbent) = CorrectClipBits.Discordant(trial, incumbent);

            var name = c.GetProperty("name").GetString();
            Assert.True((c.GetProperty("onlyTrial").GetInt32(), c.GetProperty("onlyIncumbent").GetInt32()) == (onlyTrial, onlyIncumbent), name);
            Assert.Equal(c.GetProperty("trial").GetArrayLength(), CorrectClipBits.Count(trial));
            if (c.GetProperty("p").ValueKind == JsonValueKind.Number)
                PairedTestsTests.AssertClose(c.GetProperty("p").GetDouble(), McNemarTest.ExactWorse(onlyIncumbent, onlyTrial + onlyIncumbent), 1e-9);
        }
    }

    [Fact]
    public void MarksFollowTheClipIdsOrderNotTheOrderTheClipsWereLoadedIn()
    {
        var loaded = CorrectClipBits.Of(["fold1/c.wav", "fold1/a.wav", "fold1/b.wav"], [0, 1, 2], [0, 0, 2]);
        var sorted = CorrectClipBits.Of(["fold1/a.wav", "fold1/b.wav", "fold1/c.wav"], [1, 2, 0], [0, 2, 0]);

        Assert.Equal(sorted, loaded);
        Assert.Equal([3, 0, 0, 0, 0b110], loaded);
    }

    [Fact]
    public void MarksOfDifferentClipCountsDoNotPairAndNoDiscordantClipIsNoTest()
    {
        Assert.Throws<ArgumentException>(() => CorrectClipBits.Discordant(CorrectClipBits.FromFlags([true, false]), CorrectClipBits.FromFlags([true, false, true])));
        Assert.Throws<ArgumentOutOfRangeException>(() => McNemarTest.ExactWorse(0, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => McNemarTest.ExactWorse(3, 2));
        Assert.Equal(1, McNemarTest.ExactWorse(0, 7));
    }

    private static byte[] Marks(JsonElement flags) => CorrectClipBits.FromFlags(flags.EnumerateArray().Select(f => f.GetInt32() == 1).ToArray());
}
