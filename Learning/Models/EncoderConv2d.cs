using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Grid.Learning.Models;

/// <summary>
/// The encoders' bias-free square convolution (torch.nn.Conv2d with bias=False: parameter "weight", out × in × k × k,
/// initialised as Conv2d does). On the CPU, a convolution whose channel counts are not multiples of oneDNN's channel
/// block (<see cref="OneDnnBlock"/>) runs with its channels zero-padded to the block by this module, and the padding
/// sliced off again, so that libtorch's oneDNN kernels never pad channels themselves.
/// </summary>
/// <remarks>
/// oneDNN 3.7.1 (libtorch 2.10) pads channels to its SIMD block (16 with AVX-512, 8 with AVX2) in its blocked layouts,
/// and the backward pass of such convolutions intermittently returned NaN gradients on an AVX-512 machine
/// (docs/performance.md, "NaN"): 5 of 16 runs of an encoder of width 4 with AVX-512 kernels, 1 of 21 of width 2 with
/// AVX2 ones, none of width 16. Switching oneDNN off instead made CPU training 4–15 times slower. The zero channels add
/// nothing to the result (the same values up to float rounding) and receive no gradient. A 3-channel input (the
/// spectrogram entering the stem) is left as it is: oneDNN reads it in a plain layout, and encoders of width 16 whose
/// stem does so never failed. A strided 1×1 convolution (a projection shortcut) runs on the CPU as a subsample and a
/// stride-1 convolution, the same arithmetic: planning its strided backward pass, oneDNN 3.7.1 divided by zero and
/// killed the process (SIGFPE in <c>brgemm_convolution_bwd_strided_t</c>) for ResNet-50 at width 64 on the AVX-512
/// machine, with or without the AVX2 cap (docs/performance.md). CUDA convolutions are not changed.
/// </remarks>
public sealed class EncoderConv2d : Module<Tensor, Tensor>
{
    /// <summary>
    /// oneDNN's channel block on this machine: 8 when its kernels are capped at AVX2 or below (<c>ONEDNN_MAX_CPU_ISA</c>,
    /// which <c>CpuKernelLimit</c> sets), else 16 (AVX-512).
    /// </summary>
    public static int OneDnnBlock { get; } = BlockFor(Runtime.NativeEnvironment.Get("ONEDNN_MAX_CPU_ISA"));

    /// <summary>The channel block of the oneDNN kernels that <paramref name="maxCpuIsa"/> (ONEDNN_MAX_CPU_ISA) allows.</summary>
    public static int BlockFor(string? maxCpuIsa) =>
        maxCpuIsa is { Length: > 0 } isa && (isa.StartsWith("AVX2", StringComparison.OrdinalIgnoreCase)
            || isa.Equals("AVX", StringComparison.OrdinalIgnoreCase) || isa.StartsWith("SSE", StringComparison.OrdinalIgnoreCase))
            ? 8
            : 16;

    private readonly Parameter weight;

    /// <param name="inChannels">C of the N×C×H×W input.</param>
    /// <param name="outChannels">Channels of the output.</param>
    /// <param name="kernelSize">Side of the square kernel.</param>
    /// <param name="stride">Step in both directions (default 1).</param>
    /// <param name="padding">Zeros added on every side (default 0).</param>
    public EncoderConv2d(long inChannels, long outChannels, long kernelSize, long stride = 1, long padding = 0) : base(nameof(EncoderConv2d))
    {
        InChannels = inChannels;
        OutChannels = outChannels;
        KernelSize = kernelSize;
        Stride = stride;
        Padding = padding;
        weight = new Parameter(empty(outChannels, inChannels, kernelSize, kernelSize));
        // As torch.nn.Conv2d.reset_parameters, from the process-wide generator: the encoders then draw their own weights.
        using (no_grad()) init.kaiming_uniform_(weight, Math.Sqrt(5));
        RegisterComponents();
    }

    public long InChannels { get; }
    public long OutChannels { get; }
    public long KernelSize { get; }
    public long Stride { get; }
    public long Padding { get; }

    /// <summary>The out × in × k × k kernel.</summary>
    public Parameter Weight => weight;

    public override Tensor forward(Tensor input)
    {
        // input: N×in×H×W -> N×out×H'×W'
        if (input.device_type != DeviceType.CPU)
            return nn.functional.conv2d(input, weight, null, [Stride, Stride], [Padding, Padding]);
        using var scope = NewDisposeScope();
        var stride = Stride;
        if (KernelSize == 1 && Padding == 0 && Stride > 1)
        {
            // A strided 1×1 kernel reads every Stride-th pixel: take those (N×in×⌈H/s⌉×⌈W/s⌉) and convolve with stride 1.
            // oneDNN 3.7.1's strided backward kernel divides by zero planning some shapes (SIGFPE; see the remarks).
            input = input[TensorIndex.Colon, TensorIndex.Colon, TensorIndex.Slice(step: Stride), TensorIndex.Slice(step: Stride)];
            stride = 1;
        }
        var extraIn = InChannels == 3 ? 0 : PaddingTo(InChannels);
        var extraOut = PaddingTo(OutChannels);
        if (extraIn == 0 && extraOut == 0)
            return nn.functional.conv2d(input, weight, null, [stride, stride], [Padding, Padding]).MoveToOuterDisposeScope();
        // pad() lists (before, after) pairs from the last dimension: kernel columns, rows, then in, then out channels.
        var paddedWeight = nn.functional.pad(weight, [0, 0, 0, 0, 0, extraIn, 0, extraOut]);
        var paddedInput = extraIn == 0 ? input : nn.functional.pad(input, [0, 0, 0, 0, 0, extraIn]);
        var output = nn.functional.conv2d(paddedInput, paddedWeight, null, [stride, stride], [Padding, Padding]);
        return output.narrow(1, 0, OutChannels).MoveToOuterDisposeScope();
    }

    private static long PaddingTo(long channels) => (OneDnnBlock - channels % OneDnnBlock) % OneDnnBlock;
}
