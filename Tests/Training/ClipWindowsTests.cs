using Grid.Learning.Training;
using Xunit;

namespace Grid.Tests.Training;

[Trait("Category", "Unit")]
public sealed class ClipWindowsTests
{
    [Fact]
    public void AThirtySecondClipHasFourteenFourSecondWindowsAtHalfOverlap()
    {
        const int rate = 16000;
        var starts = ClipWindows.Starts(30 * rate, 4 * rate);

        Assert.Equal(Enumerable.Range(0, 14).Select(i => 2 * i * rate), starts);
        Assert.Equal(30 * rate, starts[^1] + 4 * rate);   // the last window ends with the clip
        AssertCovered(30 * rate, 4 * rate, starts);
    }

    [Fact]
    public void AClipNoLongerThanTheWindowIsOneWindow()
    {
        Assert.Equal([0], ClipWindows.Starts(1000, 64000));
        Assert.Equal([0], ClipWindows.Starts(64000, 64000));
        Assert.Equal([0], ClipWindows.Starts(1, 1));
    }

    [Fact]
    public void OneSampleMoreThanTheWindowGivesTwoWindows()
    {
        Assert.Equal([0, 1], ClipWindows.Starts(64001, 64000));
        Assert.Equal([0, 1], ClipWindows.Starts(5, 4));
    }

    [Theory]
    [InlineData(12, 5, new[] { 0, 2, 4, 6, 7 })]   // odd window: hop 2, end-aligned window added
    [InlineData(12, 4, new[] { 0, 2, 4, 6, 8 })]   // the end window falls on the hop grid
    [InlineData(3, 1, new[] { 0, 1, 2 })]           // window 1: hop is at least 1
    [InlineData(10, 6, new[] { 0, 3, 4 })]
    public void WindowsStepByHalfAWindowAndEndWithTheClip(int clip, int window, int[] expected)
    {
        var starts = ClipWindows.Starts(clip, window);
        Assert.Equal(expected, starts);
        AssertCovered(clip, window, starts);
    }

    [Fact]
    public void TheCentredPlanIsOneWindowInTheMiddle()
    {
        Assert.Equal([13], ClipWindows.Centred(30, 4));
        Assert.Equal([0], ClipWindows.Centred(4, 4));
        Assert.Equal([0], ClipWindows.Centred(3, 4));
    }

    [Fact]
    public void EmptyClipsAndWindowsAreRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ClipWindows.Starts(0, 4));
        Assert.Throws<ArgumentOutOfRangeException>(() => ClipWindows.Starts(4, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => ClipWindows.Centred(4, 0));
    }

    private static void AssertCovered(int clip, int window, int[] starts)
    {
        Assert.Equal(starts.Order(), starts);
        Assert.Equal(starts.Length, starts.Distinct().Count());
        Assert.All(starts, s => Assert.InRange(s, 0, clip - window));
        var covered = new bool[clip];
        foreach (var start in starts)
            for (var i = start; i < start + window; i++) covered[i] = true;
        Assert.All(covered, Assert.True);
    }
}
