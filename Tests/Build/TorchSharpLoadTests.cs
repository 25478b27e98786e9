using TorchSharp;
using Xunit;

namespace Grid.Tests.Build;

[Trait("Category", "Unit")]
public sealed class TorchSharpLoadTests
{
    [Fact]
    public void TorchSharpLoadsAndComputes()
    {
        using var a = torch.ones(2, 3);
        using var b = torch.full(3, 4, 2f);
        using var product = a.matmul(b);
        Assert.Equal(new long[] { 2, 4 }, product.shape);
        Assert.Equal(6f, product[1, 3].item<float>());
    }

    [Fact]
    public void BuildOutputLibraryNeedsNoNewerLibstdcxxThanTheSystemHas()
    {
        var bridge = Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
        Assert.True(File.Exists(bridge), $"missing {bridge}");
        var system = GlibcxxVersionNeed.FindSystemLibstdcxx();
        Assert.NotNull(system);
        var image = File.ReadAllBytes(bridge);
        var outcome = GlibcxxVersionNeed.Weaken(image, bridge);
        if (GlibcxxVersionNeed.LibraryDefinesVersion(system, GlibcxxVersionNeed.Version))
            Assert.NotEqual(GlibcxxPatchOutcome.NoSuchNeed, outcome);
        else
            Assert.Equal(GlibcxxPatchOutcome.AlreadyWeak, outcome);
    }

    [Fact]
    public void WeakenRejectsNonElfWithTheFileName()
    {
        var error = Assert.Throws<InvalidDataException>(() => GlibcxxVersionNeed.Weaken(new byte[100], "not-a-library.so"));
        Assert.Contains("not-a-library.so", error.Message);
    }
}
