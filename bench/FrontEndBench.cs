using System.Globalization;
using Grid.Learning.Audio;
using Grid.Learning.Data;
using Grid.Learning.IO;
using static TorchSharp.torch;

namespace Grid.Bench;

/// <summary>
/// Row 1: the log-mel front end (decode, mix to mono, resample to 16 kHz, log-mel) against torchaudio on the same
/// WAV clips at mixed rates and channel counts, one thread each: clips per second, and the largest relative
/// difference of the mel power (|ours − theirs| / max(|theirs|, 1e-4·max|theirs|), as Tests/Audio measures it).
/// </summary>
public sealed class FrontEndBench(BenchSettings settings)
{
    private const string Command = "./grid bench (front end; bench/frontend_reference.py)";
    private static readonly FeatureOptions Options = new() { SampleRate = 16000, NFft = 1024, HopLength = 512, NMels = 64 };
    private static readonly (int Rate, int Channels)[] Formats = [(16000, 1), (22050, 2), (44100, 1), (48000, 2), (8000, 1), (44100, 2)];

    public IReadOnlyList<BenchRow> Run()
    {
        PythonReference.Ensure("torchaudio", "python3-torchaudio");
        var clipDirectory = Directory.CreateTempSubdirectory("grid-bench-clips-").FullName;
        var melDirectory = Directory.CreateTempSubdirectory("grid-bench-mels-").FullName;
        try
        {
            var clips = WriteClips(clipDirectory);
            using var extractor = new FeatureExtractor(Options);
            set_num_threads(1);
            // Ours and torchaudio alternate for several rounds so that load from other processes falls on both alike.
            var ours = new List<double>();
            var theirs = new List<double>();
            var reference = default(System.Text.Json.JsonElement);
            for (var round = 0; round < settings.Rounds; round++)
            {
                ours.Add(clips.Length / Medians.Seconds(() => { foreach (var clip in clips) LogMel(extractor, clip); }, settings.Warmups, settings.Runs));
                reference = PythonReference.Run(settings.BenchDirectory, "frontend_reference.py",
                    [clipDirectory, melDirectory, settings.Warmups.ToString(CultureInfo.InvariantCulture), settings.Runs.ToString(CultureInfo.InvariantCulture)]);
                theirs.Add(reference.GetProperty("clips_per_second").GetDouble());
            }
            var (oursMedian, theirsMedian) = (Medians.Of(ours), Medians.Of(theirs));
            var version = $"torchaudio {reference.GetProperty("torchaudio").GetString()}";
            var (native, resampled) = LargestDifferences(clips, melDirectory, "f64");
            var (native32, resampled32) = LargestDifferences(clips, melDirectory, "f32");
            var description = $"{clips.Length} clips of {settings.ClipSeconds:0.#} s at 8–48 kHz, mono and stereo, {settings.Rounds} alternating rounds";
            return
            [
                BenchRow.AtLeast($"Log-mel front end, clips/s, 1 thread ({description})", version,
                    $"{oursMedian:0.0} clips/s", $"{theirsMedian:0.0} clips/s", oursMedian / theirsMedian, 1.0, Command),
                BenchRow.AtMost("Mel values, largest relative difference, clips at 16 kHz (no resampling)", $"{version}, float64",
                    $"{native:0.00E+0}", "0", native, 1e-4, Command),
                BenchRow.AtMost("Mel values, largest relative difference, resampled clips (Kaiser sinc both sides)", $"{version}, float64",
                    $"{resampled:0.00E+0}", "0", resampled, 1e-4, Command),
                BenchRow.Informative("Mel values, largest relative difference against torchaudio's float32 path (its own rounding), 16 kHz / resampled clips",
                    $"{version}, float32", $"{native32:0.00E+0} / {resampled32:0.00E+0}", "0", Math.Max(native32, resampled32), Command),
            ];
        }
        finally
        {
            Directory.Delete(clipDirectory, recursive: true);
            Directory.Delete(melDirectory, recursive: true);
        }
    }

    private string[] WriteClips(string directory)
    {
        var random = new Random(settings.Seed);
        // Three clips per format: 18 clips, so one timed pass lasts long enough to rise above scheduler noise.
        return Formats.SelectMany(format => Enumerable.Repeat(format, 3)).Select((format, i) =>
        {
            var frames = (int)(settings.ClipSeconds * format.Rate);
            var channels = Enumerable.Range(0, format.Channels).Select(c => TestSignal(frames, format.Rate, 220.0 * (i + 1) + 55 * c, random)).ToArray();
            var path = Path.Combine(directory, $"clip{i}_{format.Rate}_{format.Channels}ch.wav");
            WavWriter.Write(path, new AudioClip(channels, format.Rate), WavSampleFormat.Pcm16);
            return path;
        }).ToArray();
    }

    // A tone, a chirp to the Nyquist frequency and noise: energy across the band, so resampling matters.
    private static float[] TestSignal(int frames, int rate, double toneHz, Random random)
    {
        var signal = new float[frames];
        var seconds = (double)frames / rate;
        for (var n = 0; n < frames; n++)
        {
            var t = (double)n / rate;
            var chirp = Math.Sin(2 * Math.PI * (50 * t + 0.5 * (rate / 2.0 - 50) / seconds * t * t));
            signal[n] = (float)(0.3 * Math.Sin(2 * Math.PI * toneHz * t) + 0.2 * chirp + 0.05 * (random.NextDouble() * 2 - 1));
        }
        return signal;
    }

    private static float[] LogMel(FeatureExtractor extractor, string path) =>
        extractor.Extract(extractor.Waveform(AudioDecoder.Read(path, keepChannels: true)));

    /// <summary>Against torchaudio's float32 ("f32") or float64 ("f64") computation of the same steps.</summary>
    private static (double Native, double Resampled) LargestDifferences(string[] clips, string melDirectory, string precision)
    {
        double native = 0, resampled = 0;
        using var spectrogram = MelSpectrogram.FromOptions(Options);
        foreach (var path in clips)
        {
            var clip = AudioDecoder.Read(path, keepChannels: true);
            using var scope = NewDisposeScope();
            var waveform = Resampler.Default.Resample(clip.MixToMono(), clip.SampleRate, Options.SampleRate);
            var ours = spectrogram.Power(tensor(waveform)).data<float>().ToArray();
            var theirs = Npy.Read(Path.Combine(melDirectory, $"{Path.GetFileNameWithoutExtension(path)}_{precision}.npy")).Data;
            var difference = RelativeDifference(ours, theirs, path);
            if (clip.SampleRate == Options.SampleRate) native = Math.Max(native, difference);
            else resampled = Math.Max(resampled, difference);
        }
        return (native, resampled);
    }

    private static double RelativeDifference(float[] ours, float[] theirs, string path)
    {
        if (ours.Length != theirs.Length) throw new InvalidOperationException($"{path}: {ours.Length} mel values here, {theirs.Length} from torchaudio");
        var floor = 1e-4 * theirs.Max(Math.Abs);
        return ours.Zip(theirs).Max(pair => Math.Abs(pair.First - pair.Second) / Math.Max(Math.Abs(pair.Second), floor));
    }
}
