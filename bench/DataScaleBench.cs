using System.Diagnostics;
using System.Globalization;
using System.Text;
using Grid.Learning.Audio;
using Grid.Learning.Data;
using Grid.Learning.Pretraining;
using Grid.Learning.Runtime;
using Grid.Learning.Training;

namespace Grid.Bench;

/// <summary>
/// The data side at scale, on short synthetic clips in FSD50K's layout (1 s, 44.1 kHz, 16-bit mono, as FSD50K's
/// files are encoded): the first build of the waveform store (decode, resample to 16 kHz) in clips/s with 1 and with
/// 2 workers, and the private resident memory of one MoCo pretraining epoch over 10 × N clips against ten epochs over
/// N clips: the same number of batches, so what differs is the number of clips alone, not how long the allocator has
/// been warming up. Each run is a process of its own on a store built beforehand (so neither the build's garbage nor
/// the other run is counted), three per side, the median taken. Private (anonymous) memory is the job's own; the
/// store's mapped pages are the kernel's page cache, shared and reclaimable, and are shown beside it.
/// </summary>
public sealed class DataScaleBench(BenchSettings settings)
{
    private const string Command = "./grid bench (data pipeline)";
    private const int SourceRate = 44100;
    private static readonly FeatureOptions Features = new() { SampleRate = 16000, NFft = 512, HopLength = 256, NMels = 32, ClipSeconds = 1.0 };

    /// <summary>N of the memory rows: 10 × N clips keep the section to a few minutes on 2 cores.</summary>
    public int Clips { get; init; } = 300;

    public IReadOnlyList<BenchRow> Run()
    {
        var root = Directory.CreateTempSubdirectory("grid-bench-fsd50k-").FullName;
        try
        {
            var small = Path.Combine(root, "small");
            var large = Path.Combine(root, "large");
            WriteShortFsd50k(small, Clips, settings.Seed);
            WriteShortFsd50k(large, 10 * Clips, settings.Seed);
            var oneWorker = BuildRate(large, Path.Combine(root, "cache-1"), workers: 1);
            var twoWorkers = BuildRate(large, Path.Combine(root, "cache-large"), workers: 2);
            BuildRate(small, Path.Combine(root, "cache-small"), workers: 2);
            // Private memory moves by ±15 MiB between identical runs (glibc arenas of the worker threads, the GC's
            // segments): the median of three processes per side.
            var smallEpoch = MedianOfRuns(() => MocoEpochInChild(small, Path.Combine(root, "cache-small"), epochs: 10));
            var largeEpoch = MedianOfRuns(() => MocoEpochInChild(large, Path.Combine(root, "cache-large"), epochs: 1));
            var build = $"{10 * Clips} synthetic FSD50K-layout clips of 1 s at 44.1 kHz to 16 kHz";
            var moco = $"MoCo v1, resnet18 width 4, batch 32, 1-s clips, {settings.Threads} thread(s), {TrainingBatches.DefaultWorkers} batch worker(s)";
            return
            [
                BenchRow.Informative($"First build of the waveform store, 1 worker ({build})", "clips/s",
                    $"{oneWorker:0} clips/s", "—", oneWorker, Command),
                BenchRow.Informative($"First build of the waveform store, 2 workers ({build})", "1 worker",
                    $"{twoWorkers:0} clips/s", $"{oneWorker:0} clips/s", twoWorkers / oneWorker, Command),
                BenchRow.AtMost($"Private resident memory of MoCo pretraining, one epoch over {10 * Clips} clips vs ten over {Clips} (the same batches) ({moco})",
                    $"ten epochs over {Clips} clips",
                    $"{Mebibytes(largeEpoch.Private)} (live .NET heap {Mebibytes(largeEpoch.LiveHeap)}; store pages mapped: {Mebibytes(largeEpoch.FileBacked)})",
                    $"{Mebibytes(smallEpoch.Private)} (live .NET heap {Mebibytes(smallEpoch.LiveHeap)}; store pages mapped: {Mebibytes(smallEpoch.FileBacked)})",
                    (double)largeEpoch.Private / smallEpoch.Private, 1.1, Command),
            ];
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>Clips per second of a first build into the empty store folder <paramref name="cache"/>.</summary>
    private static double BuildRate(string dataset, string cache, int workers)
    {
        var index = DatasetLayouts.Read("fsd50k", dataset, new DatasetReadOptions());
        var watch = Stopwatch.StartNew();
        using var store = WaveformStore.Open(index.Clips.Select(c => c.Path), new WaveformStoreOptions(dataset, Features.SampleRate)
        {
            CacheDirectory = cache, Workers = workers,
        }, CancellationToken.None);
        return index.Clips.Count / watch.Elapsed.TotalSeconds;
    }

    private const int MemoryRuns = 3;

    /// <summary>The run whose private memory is the median of <see cref="MemoryRuns"/>.</summary>
    private static (long Private, long FileBacked, long LiveHeap) MedianOfRuns(Func<(long Private, long FileBacked, long LiveHeap)> run) =>
        Enumerable.Range(0, MemoryRuns).Select(_ => run()).OrderBy(r => r.Private).ElementAt(MemoryRuns / 2);

    /// <summary>The bench program run again with <see cref="ChildArgument"/>: MoCo epochs, the memory at the last one's end written to a file.</summary>
    private (long Private, long FileBacked, long LiveHeap) MocoEpochInChild(string dataset, string cache, int epochs)
    {
        var output = Path.GetTempFileName();
        try
        {
            var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardError = true };
            foreach (var argument in new[] { ChildArgument, dataset, cache, output, epochs.ToString(CultureInfo.InvariantCulture) }) start.ArgumentList.Add(argument);
            using var child = Process.Start(start) ?? throw new InvalidOperationException("the MoCo memory process did not start");
            var error = child.StandardError.ReadToEnd();
            child.WaitForExit();
            if (child.ExitCode != 0) throw new InvalidOperationException($"the MoCo memory process failed: {error}");
            var fields = File.ReadAllText(output).Split(' ').Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
            return (fields[0], fields[1], fields[2]);
        }
        finally
        {
            File.Delete(output);
        }
    }

    /// <summary>The argument that makes the bench program measure MoCo epochs: followed by dataset, store folder, output file, epochs.</summary>
    public const string ChildArgument = "--moco-epoch-memory";

    /// <summary>In the child: MoCo epochs over the dataset's built store; writes "private file-backed live-heap" bytes at the last one's end.</summary>
    public void MeasureMocoEpoch(string dataset, string cache, string output, int epochs)
    {
        var (resident, fileBacked, liveHeap) = MocoEpoch(dataset, cache, epochs);
        File.WriteAllText(output, string.Create(CultureInfo.InvariantCulture, $"{resident} {fileBacked} {liveHeap}"));
    }

    private (long Private, long FileBacked, long LiveHeap) MocoEpoch(string dataset, string cache, int epochs)
    {
        var request = new PretrainRequest
        {
            DatasetRoot = dataset,
            Layout = "fsd50k",
            Method = PretrainMethod.Moco,
            QueueSize = 256,
            BatchNormSplits = 4,
            Model = new ModelOptions { Architecture = "resnet18", Width = 4 },
            Training = new TrainingOptions { Epochs = epochs, BatchSize = 32, LearningRate = 0.03 },
            Features = Features,
            Seed = settings.Seed,
            Threads = settings.Threads,
            CacheDirectory = cache,
            DataWorkers = 2,
        };
        var observer = new ResidentMemory();
        PretrainJob.Run(request, null, observer, CancellationToken.None);
        return observer.AtEpochEnd;
    }

    /// <summary>
    /// <paramref name="count"/> clips in FSD50K's layout (vocabulary, dev.csv with train and val rows, dev audio): seeded
    /// noise under a tone, a different one per clip.
    /// </summary>
    public static void WriteShortFsd50k(string root, int count, long seed)
    {
        var truth = Path.Combine(root, "FSD50K.ground_truth");
        var audio = Path.Combine(root, "FSD50K.dev_audio");
        Directory.CreateDirectory(truth);
        Directory.CreateDirectory(audio);
        File.WriteAllText(Path.Combine(truth, "vocabulary.csv"), "0,Tone,/m/tone\n");
        var dev = new StringBuilder("fname,labels,mids,split\n");
        Parallel.For(0, count, clip =>
        {
            var random = Seeds.Random(seed, "short-fsd50k", clip);
            var frequency = 200 + 3000 * random.NextDouble();
            var samples = new float[SourceRate];
            for (var t = 0; t < samples.Length; t++)
                samples[t] = (float)(0.3 * Math.Sin(2 * Math.PI * frequency * t / SourceRate) + 0.05 * (random.NextDouble() - 0.5));
            WavWriter.Write(Path.Combine(audio, $"{clip}.wav"), new AudioClip([samples], SourceRate), WavSampleFormat.Pcm16);
        });
        for (var clip = 0; clip < count; clip++)
            dev.Append(CultureInfo.InvariantCulture, $"{clip},Tone,/m/tone,{(clip % 10 == 9 ? "val" : "train")}\n");
        File.WriteAllText(Path.Combine(truth, "dev.csv"), dev.ToString());
    }

    private static string Mebibytes(long bytes) => $"{bytes / 1048576.0:0.0} MiB";

    /// <summary>
    /// Private and file-backed resident memory (Linux /proc/self/status) when each epoch ends, then the .NET heap that a
    /// full collection leaves (what the job still holds, as opposed to garbage not yet collected).
    /// </summary>
    private sealed class ResidentMemory : IPretrainObserver
    {
        public (long Private, long FileBacked, long LiveHeap) AtEpochEnd { get; private set; }

        public void EpochCompleted(int epoch, double loss, Action<Stream> writeCheckpoint)
        {
            var (resident, fileBacked) = (Kilobytes("RssAnon:") * 1024, Kilobytes("RssFile:") * 1024);
            AtEpochEnd = (resident, fileBacked, GC.GetTotalMemory(forceFullCollection: true));
        }

        private static long Kilobytes(string field)
        {
            var line = File.ReadLines("/proc/self/status").First(l => l.StartsWith(field, StringComparison.Ordinal));
            return long.Parse(line[field.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
        }
    }
}
