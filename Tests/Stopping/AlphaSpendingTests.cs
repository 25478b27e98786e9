using System.Text.Json;
using Grid.Grains.Specs;
using Grid.Learning.Analysis;
using Grid.Tests.Analysis;
using Xunit;

namespace Grid.Tests.Stopping;

/// <summary>The paired rule's alpha spending against scipy.stats.norm (Tests/Fixtures/stopping/make_fixtures.py).</summary>
[Trait("Category", "Unit")]
public sealed class AlphaSpendingTests
{
    private static readonly JsonElement Fixture = Fixtures.Json("stopping/paired_stopping.json");

    private static AlphaSpendingFunction Function(string name) => PairedStopping.SpendingNames[name];

    [Fact]
    public void EachLooksLevelMatchesScipysSpendingIncrements()
    {
        var tables = Fixture.GetProperty("spending").EnumerateArray().ToArray();
        Assert.NotEmpty(tables);
        foreach (var table in tables)
        {
            var function = Function(table.GetProperty("function").GetString()!);
            var alpha = table.GetProperty("alpha").GetDouble();
            var (folds, minFolds) = (table.GetProperty("folds").GetInt32(), table.GetProperty("minFolds").GetInt32());
            var spec = new PairedStopping(PairedTestKind.T, alpha, minFolds, function);
            var expected = table.GetProperty("levels").EnumerateArray().Select(l => l.GetDouble()).ToArray();
            for (var i = 0; i < expected.Length; i++)
            {
                var level = spec.Level(minFolds + i, folds);
                Assert.True(Math.Abs(expected[i] - level) <= 1e-12 * Math.Max(1, expected[i]) + 1e-15,
                    $"{function}, α = {alpha}, {minFolds + i} of {folds} folds from {minFolds}: scipy {expected[i]:R}, got {level:R}");
            }
        }
    }

    [Theory]
    [InlineData(AlphaSpendingFunction.Pocock, 5, 2)]
    [InlineData(AlphaSpendingFunction.OBrienFleming, 10, 3)]
    [InlineData(AlphaSpendingFunction.OBrienFleming, 2, 2)]
    public void TheLevelsOfEveryPossibleLookSumToAlpha(AlphaSpendingFunction function, int folds, int minFolds)
    {
        var spec = new PairedStopping(PairedTestKind.T, 0.1, minFolds, function);
        var levels = Enumerable.Range(minFolds, folds - minFolds + 1).Select(n => spec.Level(n, folds)).ToArray();

        Assert.All(levels, level => Assert.True(level is > 0 and <= 0.1, $"level {level}"));
        Assert.Equal(0.1, levels.Sum(), 12);
        Assert.Equal(0.1, AlphaSpending.Spent(function, 0.1, 1), 12);
        Assert.Equal(0, AlphaSpending.Spent(function, 0.1, 0), 15);
    }

    [Fact]
    public void WithoutSpendingEveryLookIsTestedAtAlpha()
    {
        var spec = new PairedStopping(PairedTestKind.T, 0.07, 2);

        Assert.All(Enumerable.Range(2, 9), n => Assert.Equal(0.07, spec.Level(n, 10)));
    }

    [Fact]
    public void ALookBeforeTheFirstIsRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new PairedStopping(PairedTestKind.T, 0.1, 2, AlphaSpendingFunction.Pocock).Level(1, 5));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PairedStopping(PairedTestKind.T, 0.1, 3, FirstFold: true).Level(2, 5));
        Assert.Throws<ArgumentOutOfRangeException>(() => AlphaSpending.Increment(AlphaSpendingFunction.Pocock, 0.1, 2, 2, 5));
    }

    [Theory]
    [InlineData(0.5, 0)]
    [InlineData(0.025, 1.9599639845400545)]
    [InlineData(0.05, 1.6448536269514729)]
    [InlineData(0.975, -1.959963984540054)]
    [InlineData(1e-10, 6.361340902404056)]
    public void TheNormalQuantileInvertsTheSurvivalFunction(double p, double z) =>
        Assert.Equal(z, SpecialFunctions.NormalUpperQuantile(p), 12);
}
