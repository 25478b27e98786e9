using System.Runtime.InteropServices;

namespace Grid.Learning.Runtime;

/// <summary>
/// The process environment as native libraries see it: on Unix .NET keeps its own copy, so a variable set natively
/// (<c>CpuKernelLimit</c>) is read here, not through <see cref="Environment.GetEnvironmentVariable(string)"/>.
/// </summary>
public static class NativeEnvironment
{
    /// <summary>The variable's value, or null when it is unset (on Windows, .NET's view).</summary>
    public static string? Get(string variable) =>
        OperatingSystem.IsLinux() || OperatingSystem.IsMacOS()
            ? Marshal.PtrToStringUTF8(GetEnvironment(variable))
            : Environment.GetEnvironmentVariable(variable);

    [DllImport("libc", EntryPoint = "getenv", CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
    private static extern nint GetEnvironment(string name);
}
