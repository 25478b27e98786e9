using Grid.Client.Reports.Figures;
using Xunit;

namespace Grid.Tests.Reports;

[Trait("Category", "Unit")]
public sealed class ParameterAxisTests
{
    [Fact]
    public void ValuesSpanningTwoDecadesGetALogAxis()
    {
        var axis = ParameterAxis.For(["0.001", "0.01", "0.1", "0.01"]);

        Assert.True(axis.IsLog);
        Assert.Equal(-3, axis.Position("0.001"), 12);
        Assert.Equal(-1, axis.Position("0.1"), 12);
        Assert.Equal(["0.001", "0.01", "0.1"], axis.TickLabels);
        Assert.Equal(1, axis.SmallestGap, 12);
    }

    [Fact]
    public void NarrowOrNonPositiveNumbersStayLinear()
    {
        Assert.False(ParameterAxis.For(["0.05", "0.1", "0.2"]).IsLog);
        var signed = ParameterAxis.For(["-1", "0", "100"]);
        Assert.False(signed.IsLog);
        Assert.Equal(100, signed.Position("100"));
    }

    [Fact]
    public void WordsGetOnePositionEachInOrdinalOrder()
    {
        var axis = ParameterAxis.For(["sgd", "adam", "sgd", "lars"]);

        Assert.False(axis.IsLog);
        Assert.Equal(["adam", "lars", "sgd"], axis.TickLabels);
        Assert.Equal([0.0, 1, 2], axis.TickPositions);
        Assert.Equal(2, axis.Position("sgd"));
    }
}
