using TorchSharp;
using static TorchSharp.torch;

namespace Grid.Learning.Audio;

/// <summary>Compression of a mel power spectrogram before it reaches the encoder.</summary>
public static class LogMel
{
    /// <summary>Added before the natural log so silence stays finite (as in COLA and BYOL-A: log(mel + 1e-6)).</summary>
    public const double LogOffset = 1e-6;
    /// <summary>Power floor of the dB scale (torchaudio AmplitudeToDB's amin).</summary>
    public const double DecibelFloor = 1e-10;

    // Scalars held for the process: TorchSharp's implicit temporaries can be finalised during the native call.
    private static readonly Scalar Offset = LogOffset.ToScalar();
    private static readonly Scalar Floor = DecibelFloor.ToScalar();
    private static readonly Scalar DecibelsPerDecade = 10.ToScalar();
    private static readonly Scalar One = 1.ToScalar();

    /// <summary>None: power as is. Log: ln(power + 1e-6). Decibel: 10·log10(max(power, 1e-10)), i.e.
    /// torchaudio's AmplitudeToDB(stype="power", top_db=None).</summary>
    public static Tensor Compress(Tensor melPower, LogCompression compression) => compression switch
    {
        LogCompression.None => melPower.alias(),
        LogCompression.Log => melPower.add(Offset, One).log(),
        LogCompression.Decibel => melPower.clamp_min(Floor).log10().mul(DecibelsPerDecade),
        _ => throw new ArgumentOutOfRangeException(nameof(compression), compression, null),
    };
}
