using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Grid.Learning.Runtime;

/// <summary>
/// Caps oneDNN, libtorch's CPU convolution library, at AVX2 kernels before the first tensor operation.
/// </summary>
/// <remarks>
/// On an AVX-512 machine (AMD EPYC with avx512f/bw/vl/bf16), libtorch 2.10's oneDNN kernels made training
/// intermittently NaN: the same ResNet-18 fold job gave NaN losses in 1 of 6 runs with default kernels, 1 of 2 with
/// <c>ONEDNN_MAX_CPU_ISA=AVX512_CORE</c>, and 0 of 6 with <c>AVX2</c> (docs/performance.md). AVX2 kernels also give
/// the same digits on AVX2-only and AVX-512 machines. oneDNN reads the variable from the process environment when it
/// first dispatches, so it must be set natively (.NET's <see cref="Environment.SetEnvironmentVariable(string, string)"/>
/// does not reach native code on Unix). A value the user set is kept.
/// </remarks>
internal static class CpuKernelLimit
{
    public const string Variable = "ONEDNN_MAX_CPU_ISA";
    public const string Default = "AVX2";

#pragma warning disable CA2255 // A library module initializer is the only hook that runs before any caller's first tensor operation.
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void Apply()
    {
        if (!(OperatingSystem.IsLinux() || OperatingSystem.IsMacOS())) return;
        if (Environment.GetEnvironmentVariable(Variable) is { Length: > 0 }) return;
        _ = SetEnvironment(Variable, Default, overwrite: 0);
    }

    [DllImport("libc", EntryPoint = "setenv", CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
    private static extern int SetEnvironment(string name, string value, int overwrite);
}
