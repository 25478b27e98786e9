using System.CommandLine;
using Grid.Learning.Audio;
using Grid.Learning.IO;
using TorchSharp;

namespace Grid.Client;

/// <summary><c>grid features AUDIO --out FILE.npy</c>: the mel spectrogram of one file as a (n_mels × frames) float32 .npy.</summary>
public static class FeatureCommands
{
    public static Command Create()
    {
        var audio = new Argument<string>("audio") { Description = "WAV or AU file (format found from its magic bytes)" };
        var output = new Option<string>("--out") { Description = "The .npy file to write", Required = true };
        var sampleRate = new Option<int>("--sample-rate") { Description = "Resample to this rate (Hz)", DefaultValueFactory = _ => 16000 };
        var nFft = new Option<int>("--n-fft") { Description = "FFT size and Hann window length", DefaultValueFactory = _ => 1024 };
        var hop = new Option<int>("--hop") { Description = "Frame step in samples", DefaultValueFactory = _ => 512 };
        var nMels = new Option<int>("--n-mels") { Description = "Mel bands", DefaultValueFactory = _ => 64 };
        var fMin = new Option<double>("--f-min") { Description = "Lowest filter edge (Hz)", DefaultValueFactory = _ => 0 };
        var fMax = new Option<double?>("--f-max") { Description = "Highest filter edge (Hz); default sample rate / 2" };
        var melScale = new Option<string>("--mel-scale") { Description = "htk or slaney", DefaultValueFactory = _ => "htk" };
        melScale.AcceptOnlyFromAmong("htk", "slaney");
        var norm = new Option<string>("--norm") { Description = "Filter normalisation: none or slaney (equal area)", DefaultValueFactory = _ => "none" };
        norm.AcceptOnlyFromAmong("none", "slaney");
        var log = new Option<string>("--log") { Description = "none (power), log (ln(power + 1e-6)) or db (10·log10 power)", DefaultValueFactory = _ => "log" };
        log.AcceptOnlyFromAmong("none", "log", "db");

        var command = new Command("features", "Write the log-mel spectrogram of an audio file (channels mixed, resampled) as .npy");
        command.Arguments.Add(audio);
        foreach (var option in new Option[] { output, sampleRate, nFft, hop, nMels, fMin, fMax, melScale, norm, log })
            command.Options.Add(option);
        command.SetAction(parseResult =>
        {
            var options = new FeatureOptions
            {
                SampleRate = parseResult.GetValue(sampleRate),
                NFft = parseResult.GetValue(nFft),
                HopLength = parseResult.GetValue(hop),
                NMels = parseResult.GetValue(nMels),
                FMin = parseResult.GetValue(fMin),
                FMax = parseResult.GetValue(fMax),
                MelScale = parseResult.GetValue(melScale) == "slaney" ? MelScale.Slaney : MelScale.Htk,
                SlaneyNorm = parseResult.GetValue(norm) == "slaney",
                Log = parseResult.GetValue(log) switch { "none" => LogCompression.None, "db" => LogCompression.Decibel, _ => LogCompression.Log },
            };
            var configuration = parseResult.InvocationConfiguration;
            return Run(parseResult.GetValue(audio)!, parseResult.GetValue(output)!, options, configuration.Output, configuration.Error);
        });
        return command;
    }

    /// <summary>
    /// Decodes, mixes to mono, resamples and writes the (n_mels × frames) spectrogram. 0 on success; 2 with one line on
    /// <paramref name="error"/> for an option out of range, 1 for unreadable audio or an unwritable output.
    /// </summary>
    public static int Run(string audioPath, string outputPath, FeatureOptions options, TextWriter output, TextWriter error)
    {
        if (InvalidOption(options) is { } problem)
        {
            error.WriteLine($"grid features: {problem}");
            return CommandRunner.BadInput;
        }
        try
        {
            var clip = AudioDecoder.Read(audioPath);
            var waveform = Resampler.Default.Resample(clip.Channels[0], clip.SampleRate, options.SampleRate);
            if (waveform.Length <= options.NFft / 2)
                throw new AudioFormatException(audioPath,
                    $"{waveform.Length} samples at {options.SampleRate} Hz is too short for --n-fft {options.NFft}");
            using var spectrogram = MelSpectrogram.FromOptions(options);
            using var scope = torch.NewDisposeScope();
            var features = LogMel.Compress(spectrogram.Power(torch.tensor(waveform)), options.Log); // n_mels × frames
            Npy.Write(outputPath, features.data<float>().ToArray(), features.shape);
            output.WriteLine($"{outputPath}: {features.shape[0]} mels × {features.shape[1]} frames from {audioPath} " +
                             $"({clip.SampleRate} Hz, {clip.DurationSeconds:F2} s)");
            return 0;
        }
        catch (AudioFormatException e)
        {
            error.WriteLine($"grid features: {e.Message}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"grid features: cannot write {outputPath}: {e.Message}");
        }
        return 1;
    }

    /// <summary>The first problem as "--option: reason", by the learning library's own ranges (<see cref="FeatureOptions.Validate"/>).</summary>
    static string? InvalidOption(FeatureOptions options)
    {
        var nyquist = options.SampleRate / 2.0;
        if (options.FMax > nyquist && double.IsFinite(options.FMax.Value))
            return $"--f-max ({options.FMax}) must not exceed half the sample rate ({nyquist})";
        var problems = options.Validate();
        return problems.Count == 0 ? null : $"{OptionProblems.OptionFor(problems[0].Field)}: {problems[0].Reason}";
    }
}
