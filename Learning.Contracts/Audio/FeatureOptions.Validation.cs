using Grid.Learning.Settings;

namespace Grid.Learning.Audio;

public sealed partial record FeatureOptions
{
    /// <summary>Sample rate: 1 kHz to 384 kHz, the rates the decoders accept.</summary>
    public static readonly NumericRange SampleRateRange = NumericRange.Whole("sampleRate", 1_000, 384_000);
    /// <summary>FFT window: 16 to 65,536 samples.</summary>
    public static readonly NumericRange NFftRange = NumericRange.Whole("nFft", 16, 65_536);
    /// <summary>Hop: 1 to 65,536 samples.</summary>
    public static readonly NumericRange HopLengthRange = NumericRange.Whole("hopLength", 1, 65_536);
    /// <summary>Mel bands: 1 to 1,024.</summary>
    public static readonly NumericRange NMelsRange = NumericRange.Whole("nMels", 1, 1_024);
    /// <summary>Lowest mel edge: 0 to 192 kHz (and below half the sample rate).</summary>
    public static readonly NumericRange FMinRange = NumericRange.Real("fMin", 0, 192_000);
    /// <summary>Highest mel edge when set: (0, 192 kHz] (and above fMin, at most half the sample rate).</summary>
    public static readonly NumericRange FMaxRange = NumericRange.Real("fMax", 0, 192_000, minExclusive: true);
    /// <summary>Clip length: (0, 600] seconds.</summary>
    public static readonly NumericRange ClipSecondsRange = NumericRange.Real("clipSeconds", 0, 600, minExclusive: true);

    /// <summary>The numeric ranges of this record, by field.</summary>
    public static IReadOnlyList<NumericRange> Ranges { get; } =
        [SampleRateRange, NFftRange, HopLengthRange, NMelsRange, FMinRange, FMaxRange, ClipSecondsRange];

    /// <summary>Every setting outside its range, field by field (camelCase, relative to this record); empty when usable.</summary>
    public IReadOnlyList<SettingProblem> Validate()
    {
        var nyquist = SampleRate / 2.0;
        var checks = new SettingChecks()
            .Range(SampleRateRange, SampleRate)
            .Range(NFftRange, NFft)
            .Range(HopLengthRange, HopLength)
            .Range(NMelsRange, NMels)
            .Range(FMinRange, FMin)
            .Range(ClipSecondsRange, ClipSeconds)
            .Require(Enum.IsDefined(MelScale), "melScale", $"'{MelScale}' is not htk or slaney")
            .Require(Enum.IsDefined(Log), "log", $"'{Log}' is not none, log or decibel");
        if (FMax is { } fMax)
            checks.Range(FMaxRange, fMax)
                .Require(!(fMax <= FMin), "fMax", $"must be above fMin (got {fMax} and {FMin})")
                .Require(!(fMax > nyquist), "fMax", $"must not exceed half the sample rate ({nyquist}, got {fMax})");
        else
            checks.Require(!(FMin >= nyquist), "fMin", $"must be below half the sample rate ({nyquist}, got {FMin})");
        return checks.Problems;
    }
}
