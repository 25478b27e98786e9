namespace Grid.Learning.Audio;

public enum MelScale { Htk, Slaney }

public enum LogCompression { None, Log, Decibel }

/// <summary>
/// How a waveform becomes the encoder's input. Defaults are CPU-scale; the thesis (ESResNet)
/// uses 44.1 kHz with larger windows, which a spec can set.
/// </summary>
public sealed partial record FeatureOptions
{
    /// <summary>Every clip is resampled to this rate (Hz).</summary>
    public int SampleRate { get; init; } = 16000;
    public int NFft { get; init; } = 1024;
    public int HopLength { get; init; } = 512;
    public int NMels { get; init; } = 64;
    public double FMin { get; init; }
    /// <summary>Upper mel edge in Hz; null means SampleRate / 2.</summary>
    public double? FMax { get; init; }
    public MelScale MelScale { get; init; } = MelScale.Htk;
    /// <summary>Slaney area normalisation of the mel filters.</summary>
    public bool SlaneyNorm { get; init; }
    public LogCompression Log { get; init; } = LogCompression.Log;
    /// <summary>Clips are cropped or padded to this length (seconds); US8K clips are at most 4 s.</summary>
    public double ClipSeconds { get; init; } = 4.0;
    /// <summary>Three channels from three window sizes (NFft/2, NFft, 2·NFft) instead of one log-mel stacked three times.</summary>
    public bool MultiResolution { get; init; }
    /// <summary>
    /// Evaluation (validation fold, a fixed split's test split, the kNN bank) hears every clip whole: windows of
    /// ClipSeconds at 50 % overlap plus one aligned to the clip's end, whose logits (or embeddings) are averaged per
    /// clip. Default true. False evaluates one centred window per clip. Clips no longer than ClipSeconds are one
    /// centred window either way, bit for bit. Training always draws random windows.
    /// </summary>
    public bool WholeClipEvaluation { get; init; } = true;
}
