using Grid.Learning.Audio;
using Grid.Learning.Runtime;
using TorchSharp;
using Xunit;

namespace Grid.Tests.Audio;

[Trait("Category", "Unit")]
public sealed class SpecAugmentTests
{
    static bool Same(torch.Tensor a, torch.Tensor b) => a.eq(b).all().item<bool>();

    static torch.Tensor Features() => torch.arange(1, 1 + 3 * 20 * 30, dtype: torch.ScalarType.Float32).reshape(3, 20, 30);

    [Fact]
    public void SameSeedMasksTheSameCellsAndLeavesTheInputAlone()
    {
        using var scope = torch.NewDisposeScope();
        var features = Features();
        var augment = new SpecAugment(2, 6, 2, 8);
        var first = augment.Apply(features, Seeds.Random(9, "specaugment", 0));
        var second = augment.Apply(features, Seeds.Random(9, "specaugment", 0));
        Assert.True(Same(first, second));
        Assert.True(Same(features, Features()));
        var other = Enumerable.Range(1, 4).Select(i => augment.Apply(features, Seeds.Random(9, "specaugment", i)));
        Assert.Contains(other, o => !Same(o, first));
    }

    [Fact]
    public void MasksAreWholeBandsAndSpansInEveryChannel()
    {
        using var scope = torch.NewDisposeScope();
        var masked = new SpecAugment(1, 5, 1, 7, maskValue: -1f).Apply(Features(), new Random(11));
        var isMasked = masked.eq(-1f);                                     // 3 × 20 × 30
        Assert.True(Same(isMasked[0], isMasked[1]));
        Assert.True(Same(isMasked[0], isMasked[2]));
        var fullBands = isMasked[0].all(1).sum().item<long>();             // mel bins masked at every frame
        var fullSpans = isMasked[0].all(0).sum().item<long>();             // frames masked in every bin
        Assert.InRange(fullBands, 1, 5); // this seed draws non-empty masks
        Assert.InRange(fullSpans, 1, 7);
        Assert.Equal(fullBands * 30 + fullSpans * 20 - fullBands * fullSpans, isMasked[0].sum().item<long>());
    }

    [Fact]
    public void NoMasksIsTheIdentity()
    {
        using var scope = torch.NewDisposeScope();
        Assert.True(Same(new SpecAugment(0, 5, 0, 5).Apply(Features(), new Random(1)), Features()));
        Assert.Throws<ArgumentException>(() => new SpecAugment().Apply(torch.zeros(20, 30), new Random(1)));
    }
}
