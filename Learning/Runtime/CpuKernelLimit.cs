using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Grid.Learning.Runtime;

/// <summary>
/// Caps libtorch's CPU kernels at AVX2 before the first tensor operation: oneDNN (convolutions), MKL (matrix products)
/// and ATen's own vectorised kernels.
/// </summary>
/// <remarks>
/// On an AVX-512 machine (AMD EPYC with avx512f/bw/vl/bf16), libtorch 2.10's oneDNN kernels made training
/// intermittently NaN: the same ResNet-18 fold job gave NaN losses in 1 of 6 runs with default kernels, 1 of 2 with
/// <c>ONEDNN_MAX_CPU_ISA=AVX512_CORE</c>, and 0 of 6 with <c>AVX2</c>; two concurrent jobs under forced garbage
/// collections, 0 of 8 (docs/performance.md). The same kernels everywhere also give the same digits on AVX2-only and
/// AVX-512 machines, so MKL and ATen are held to AVX2 too. Each library reads its variable from the process environment
/// when it first dispatches, so it is set natively (.NET's <see cref="Environment.SetEnvironmentVariable(string, string)"/>
/// does not reach native code on Unix). A value the user set is kept.
/// </remarks>
internal static class CpuKernelLimit
{
    /// <summary>Each library's variable and the AVX2 value it takes.</summary>
    public static IReadOnlyList<(string Variable, string Value)> Limits { get; } =
    [
        ("ONEDNN_MAX_CPU_ISA", "AVX2"),
        ("MKL_ENABLE_INSTRUCTIONS", "AVX2"),
        ("ATEN_CPU_CAPABILITY", "avx2"),
    ];

#pragma warning disable CA2255 // A library module initializer is the only hook that runs before any caller's first tensor operation.
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void Apply()
    {
        if (!(OperatingSystem.IsLinux() || OperatingSystem.IsMacOS())) return;
        foreach (var (variable, value) in Limits)
            if (Environment.GetEnvironmentVariable(variable) is not { Length: > 0 })
                _ = SetEnvironment(variable, value, overwrite: 0);
    }

    [DllImport("libc", EntryPoint = "setenv", CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
    private static extern int SetEnvironment(string name, string value, int overwrite);
}
