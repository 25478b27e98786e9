using Grid.Learning.Models;
using Grid.Learning.Runtime;
using Grid.Learning.Training;
using Xunit;

namespace Grid.Tests.Build;

/// <summary>
/// libtorch's oneDNN convolution kernels made training intermittently NaN on an AVX-512 machine (docs/performance.md,
/// "NaN"): every encoder must switch them off for the process before its first convolution.
/// </summary>
[Trait("Category", "Unit")]
public sealed class OneDnnConvolutionsTests
{
    [Fact]
    public void BuildingAnEncoderTurnsOneDnnOffForTheProcess()
    {
        using var encoder = EncoderFactory.Create(new ModelOptions { Architecture = "resnet18", Width = 4 }, seed: 1);
        if (OperatingSystem.IsLinux()) Assert.False(OneDnnConvolutions.Enabled);
        else Assert.Null(OneDnnConvolutions.Enabled);
    }

    [Fact]
    public void DisablingAgainChangesNothing()
    {
        OneDnnConvolutions.Disable();
        OneDnnConvolutions.Disable();
        if (OperatingSystem.IsLinux()) Assert.False(OneDnnConvolutions.Enabled);
        else Assert.Null(OneDnnConvolutions.Enabled);
    }
}
