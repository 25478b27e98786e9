using System.Text.Json;
using Grid.Learning.Metrics;
using Grid.Tests.Models;
using Xunit;

namespace Grid.Tests.Metrics;

[Trait("Category", "Unit")]
public sealed class ClassificationMetricsTests
{
    private const double Tolerance = 1e-12;

    public static TheoryData<string> SklearnCases()
    {
        using var fixture = ModelFixtures.Load("sklearn_metrics.json");
        var names = new TheoryData<string>();
        foreach (var item in fixture.RootElement.GetProperty("cases").EnumerateArray()) names.Add(item.GetProperty("name").GetString()!);
        return names;
    }

    [Theory]
    [MemberData(nameof(SklearnCases))]
    public void EqualsScikitLearn(string name)
    {
        using var fixture = ModelFixtures.Load("sklearn_metrics.json");
        var expected = fixture.RootElement.GetProperty("cases").EnumerateArray().Single(c => c.GetProperty("name").GetString() == name);
        var classes = expected.GetProperty("classes").GetInt32();

        var metrics = ClassificationMetrics.Compute(Ints(expected, "labels"), Ints(expected, "predicted"), classes);

        Assert.Equal(expected.GetProperty("accuracy").GetDouble(), metrics.Accuracy, Tolerance);
        AssertClose(Doubles(expected, "precision"), metrics.Precision);
        AssertClose(Doubles(expected, "recall"), metrics.Recall);
        AssertClose(Doubles(expected, "f1"), metrics.F1);
        Assert.Equal(Ints(expected, "support"), metrics.Support);
        var confusion = expected.GetProperty("confusion").EnumerateArray().Select(row => row.EnumerateArray().Select(v => v.GetInt32()).ToArray()).ToArray();
        Assert.Equal(confusion, metrics.Confusion);
    }

    [Fact]
    public void ZeroDivisionGivesZeroNotNaN()
    {
        var metrics = ClassificationMetrics.Compute([0, 0, 1], [0, 0, 0], classes: 3);
        Assert.Equal([2.0 / 3, 0, 0], metrics.Precision);
        Assert.Equal([1.0, 0, 0], metrics.Recall);
        Assert.Equal(0.8, metrics.F1[0], Tolerance);
        Assert.Equal(0, metrics.F1[2]);
    }

    [Fact]
    public void OutOfRangeClassAndLengthMismatchAreNamed()
    {
        var outOfRange = Assert.Throws<ArgumentOutOfRangeException>(() => ClassificationMetrics.Compute([0, 1], [0, 5], classes: 3));
        Assert.Contains("predicted[1] = 5", outOfRange.Message);
        var mismatch = Assert.Throws<ArgumentException>(() => ClassificationMetrics.Compute([0, 1], [0], classes: 3));
        Assert.Contains("labels has 2 entries but predicted has 1", mismatch.Message);
    }

    private static int[] Ints(JsonElement item, string property) => item.GetProperty(property).EnumerateArray().Select(v => v.GetInt32()).ToArray();

    private static double[] Doubles(JsonElement item, string property) => item.GetProperty(property).EnumerateArray().Select(v => v.GetDouble()).ToArray();

    private static void AssertClose(double[] expected, double[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++) Assert.True(Math.Abs(expected[i] - actual[i]) <= Tolerance, $"class {i}: sklearn {expected[i]:R}, ours {actual[i]:R}");
    }
}
