using Grid.Grains;
using Xunit;

namespace Grid.Tests.Cluster;

/// <summary>The ETags an activation remembers to tell storage that lost its writes from another activation's write: bounded.</summary>
[Trait("Category", "Unit")]
public sealed class RecentEtagsTests
{
    [Fact]
    public void RemembersTheLatestAndForgetsTheOldestBeyondTheCapacity()
    {
        var etags = new RecentEtags(capacity: 100);

        for (var write = 0; write < 10_000; write++) etags.Add($"0x{write:X}");

        Assert.Equal(100, etags.Count);
        Assert.True(etags.Contains("0x270F")); // the last write (9,999)
        Assert.True(etags.Contains($"0x{9_900:X}"));
        Assert.False(etags.Contains($"0x{9_899:X}"));
        Assert.False(etags.Contains("0x0"));
    }

    [Fact]
    public void AnETagSeenAgainIsNotCountedTwiceAndNullIsNothing()
    {
        var etags = new RecentEtags(capacity: 2);

        etags.Add("a");
        etags.Add("a");
        etags.Add(null);
        etags.Add("b");

        Assert.Equal(2, etags.Count);
        Assert.True(etags.Contains("a") && etags.Contains("b"));
        etags.Add("c");
        Assert.False(etags.Contains("a"));
        Assert.Equal(2, etags.Count);
    }
}
