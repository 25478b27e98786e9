using System.Runtime.InteropServices;
using TorchSharp;

namespace Grid.Learning.Runtime;

/// <summary>
/// Keeps libtorch's CPU convolutions off oneDNN (MKLDNN): once <see cref="Disable"/> has run, they take ATen's own
/// kernels (im2col and a BLAS product), as <c>torch.backends.mkldnn.enabled = False</c> does in PyTorch.
/// </summary>
/// <remarks>
/// The oneDNN 3.7.1 in libtorch 2.10 made training on the AVX-512 machine intermittently non-finite: the convolution
/// backward pass (oneDNN's jit/brgemm kernels on blocked layouts, channels padded to the 16-lane block) returned NaN in
/// whole channels of the gradients, now and then, mostly the first time a thread trained; a single-threaded run is
/// otherwise bit-for-bit repeatable, so this was not a divergence (docs/performance.md, "NaN"). TorchSharp 0.107 has
/// no switch for it, so the flag of libtorch's global context is set through its exported C++ functions. It is a
/// process-wide flag that every later CPU convolution reads; CUDA convolutions do not depend on it.
/// </remarks>
public static unsafe class OneDnnConvolutions
{
    private const string Library = "libtorch_cpu.so";
    private const string GlobalContext = "_ZN2at13globalContextEv";                       // at::globalContext()
    private const string SetEnabled = "_ZN2at7Context20setUserEnabledMkldnnEb";           // at::Context::setUserEnabledMkldnn(bool)
    private const string GetEnabled = "_ZNK2at7Context17userEnabledMkldnnEv";             // at::Context::userEnabledMkldnn() const
    private const int LazyNoLoad = 0x1 | 0x4;                                             // RTLD_LAZY | RTLD_NOLOAD

    private static readonly Lock Gate = new();
    private static bool disabled;

    /// <summary>Turns oneDNN off for CPU operations of this process (Linux; elsewhere nothing); idempotent and thread-safe.</summary>
    public static void Disable()
    {
        if (!OperatingSystem.IsLinux()) return;
        lock (Gate)
        {
            if (disabled) return;
            var library = LoadedLibrary();
            var context = ((delegate* unmanaged<nint>)Export(library, GlobalContext))();
            ((delegate* unmanaged<nint, byte, void>)Export(library, SetEnabled))(context, 0);
            disabled = true;
        }
    }

    /// <summary>Whether libtorch would still use oneDNN for CPU operations; null where <see cref="Disable"/> does nothing.</summary>
    public static bool? Enabled
    {
        get
        {
            if (!OperatingSystem.IsLinux()) return null;
            var library = LoadedLibrary();
            var context = ((delegate* unmanaged<nint>)Export(library, GlobalContext))();
            return ((delegate* unmanaged<nint, byte>)Export(library, GetEnabled))(context) != 0;
        }
    }

    // The copy TorchSharp loaded: the flag lives in that copy's global context.
    private static nint LoadedLibrary()
    {
        torch.InitializeDeviceType(DeviceType.CPU);
        var library = OpenLoaded(Library, LazyNoLoad);
        return library != 0 ? library : throw new InvalidOperationException($"{Library} is not loaded in this process after TorchSharp's initialisation");
    }

    private static nint Export(nint library, string name) =>
        NativeLibrary.TryGetExport(library, name, out var address)
            ? address
            : throw new InvalidOperationException($"{Library} does not export {name}: this libtorch cannot switch oneDNN off (OneDnnConvolutions)");

    [DllImport("libc", EntryPoint = "dlopen", CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
    private static extern nint OpenLoaded(string file, int mode);
}
