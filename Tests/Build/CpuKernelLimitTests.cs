using Grid.Learning.Runtime;
using Xunit;

namespace Grid.Tests.Build;

/// <summary>
/// The learning library holds libtorch's CPU kernels at AVX2 (oneDNN's AVX-512 kernels made training intermittently
/// NaN on an AVX-512 machine): the variables must be in the native environment that libtorch reads.
/// </summary>
[Trait("Category", "Unit")]
public sealed class CpuKernelLimitTests
{
    [Theory]
    [InlineData("ONEDNN_MAX_CPU_ISA", "AVX2")]
    [InlineData("MKL_ENABLE_INSTRUCTIONS", "AVX2")]
    [InlineData("ATEN_CPU_CAPABILITY", "avx2")]
    public void LoadingTheLearningLibrarySetsTheNativeVariableUnlessTheUserDid(string variable, string value)
    {
        _ = TorchDevice.CudaDeviceCount;   // any use of the library runs its module initializer first
        var native = NativeEnvironment.Get(variable);
        var fromUser = Environment.GetEnvironmentVariable(variable);
        Assert.Equal(string.IsNullOrEmpty(fromUser) ? value : fromUser, native);
    }
}
