using Grid.Learning.Analysis;
using Xunit;

namespace Grid.Tests.Analysis;

/// <summary>Compares the special functions with scipy.special / scipy.stats (Tests/Fixtures/analysis/special_functions.json).</summary>
[Trait("Category", "Unit")]
public sealed class SpecialFunctionsTests
{
    private static readonly System.Text.Json.JsonElement Reference = Fixtures.Json("analysis/special_functions.json");

    [Fact]
    public void RegularizedIncompleteBetaMatchesScipy()
    {
        foreach (var row in Reference.GetProperty("betainc").EnumerateArray())
            PairedTestsTests.AssertClose(row.GetProperty("value").GetDouble(),
                SpecialFunctions.RegularizedIncompleteBeta(row.GetProperty("x").GetDouble(), row.GetProperty("a").GetDouble(), row.GetProperty("b").GetDouble()),
                1e-12);
    }

    [Fact]
    public void StudentTTailMatchesScipy()
    {
        foreach (var row in Reference.GetProperty("tTwoSided").EnumerateArray())
            PairedTestsTests.AssertClose(row.GetProperty("value").GetDouble(),
                SpecialFunctions.StudentTTwoSided(row.GetProperty("t").GetDouble(), row.GetProperty("df").GetDouble()), 1e-12);
    }

    [Fact]
    public void NormalTailMatchesScipy()
    {
        foreach (var row in Reference.GetProperty("normalSurvival").EnumerateArray())
            PairedTestsTests.AssertClose(row.GetProperty("value").GetDouble(),
                SpecialFunctions.NormalSurvival(row.GetProperty("z").GetDouble()), 1e-12);
    }

    [Fact]
    public void LogGammaMatchesScipy()
    {
        foreach (var row in Reference.GetProperty("logGamma").EnumerateArray())
        {
            var expected = row.GetProperty("value").GetDouble();
            var actual = SpecialFunctions.LogGamma(row.GetProperty("x").GetDouble());
            Assert.True(Math.Abs(expected - actual) <= 1e-13 * Math.Max(1, Math.Abs(expected)), $"x={row.GetProperty("x")}: expected {expected:R}, got {actual:R}");
        }
    }

    [Fact]
    public void OutOfRangeArgumentsNameTheParameter()
    {
        Assert.Equal("x", Assert.Throws<ArgumentOutOfRangeException>(() => SpecialFunctions.RegularizedIncompleteBeta(1.5, 1, 1)).ParamName);
        Assert.Equal("b", Assert.Throws<ArgumentOutOfRangeException>(() => SpecialFunctions.RegularizedIncompleteBeta(0.5, 1, 0)).ParamName);
        Assert.Equal("x", Assert.Throws<ArgumentOutOfRangeException>(() => SpecialFunctions.LogGamma(0)).ParamName);
    }
}
