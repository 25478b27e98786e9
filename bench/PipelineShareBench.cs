using Grid.Learning.Data;
using Grid.Learning.Data.Synthetic;
using Grid.Learning.Training;

namespace Grid.Bench;

/// <summary>
/// Row 3: "data wait %" of a real fold job's epoch (scratch, resnet18 width 16, batch 16) over a synthetic
/// UrbanSound8K: the share of the epoch (training and whole-clip validation) that the job's thread spent waiting for
/// data, as the job records it (<see cref="EpochMetrics.DataWaitSeconds"/>). Warm: the waveform store is built
/// already; measured with the default batch workers and with none (every batch prepared on the training thread).
/// Cold: the store starts empty, and its build counts as waiting. Without --quick, one more warm epoch with the thesis's
/// encoder (resnet50 width 64), whose model step is long enough for one worker to keep ahead of it.
/// </summary>
public sealed class PipelineShareBench(BenchSettings settings)
{
    private const string Command = "./grid bench (data pipeline)";
    private const int ClipsPerClass = 12;

    public IReadOnlyList<BenchRow> Run()
    {
        var dataset = Directory.CreateTempSubdirectory("grid-bench-us8k-").FullName;
        try
        {
            var clips = SyntheticDataset.Write("us8k", dataset, ClipsPerClass, settings.Seed);
            var cold = new List<double>();
            var warm = new List<double>();
            var inline = new List<double>();
            // The first run is the warm-up.
            for (var run = 0; run < 1 + Math.Min(settings.Runs, 3); run++)
            {
                var cache = Directory.CreateTempSubdirectory("grid-bench-cache-").FullName;
                try
                {
                    var coldShare = ColdShare(dataset, cache);
                    var warmShare = WarmShare(dataset, cache, TrainingBatches.DefaultWorkers);
                    var inlineShare = WarmShare(dataset, cache, workers: 0);
                    if (run == 0) continue;
                    cold.Add(coldShare);
                    warm.Add(warmShare);
                    inline.Add(inlineShare);
                }
                finally
                {
                    Directory.Delete(cache, recursive: true);
                }
            }
            var (coldMedian, warmMedian, inlineMedian) = (Medians.Of(cold), Medians.Of(warm), Medians.Of(inline));
            var what = $"{clips} synthetic US8K clips, resnet18 width 16, batch 16, {settings.Threads} thread(s)";
            var thesisEncoder = ThesisEncoderRow(dataset, clips);
            return
            [
                .. thesisEncoder,
                BenchRow.AtMost($"Data wait share of an epoch, warm waveform store, {TrainingBatches.DefaultWorkers} batch worker ({what})",
                    "the epoch's total time", $"{warmMedian:P1} waiting", "100%", warmMedian, 0.10, Command, strict: true),
                BenchRow.Informative($"Data wait share of an epoch, warm waveform store, batches on the training thread ({what})",
                    "the epoch's total time", $"{inlineMedian:P1} waiting", "100%", inlineMedian, Command),
                BenchRow.Informative($"Data wait share of an epoch, cold waveform store (its build counted as waiting) ({what})",
                    "the epoch's total time", $"{coldMedian:P1} waiting", "100%", coldMedian, Command),
            ];
        }
        finally
        {
            Directory.Delete(dataset, recursive: true);
        }
    }

    private IEnumerable<BenchRow> ThesisEncoderRow(string dataset, int clips)
    {
        if (!settings.ResNet50) yield break;
        var cache = Directory.CreateTempSubdirectory("grid-bench-cache-").FullName;
        try
        {
            _ = WarmShare(dataset, cache, TrainingBatches.DefaultWorkers, Thesis);   // builds the store: the measured run is warm
            var share = WarmShare(dataset, cache, TrainingBatches.DefaultWorkers, Thesis);
            yield return BenchRow.Informative(
                $"Data wait share of an epoch, warm waveform store, {TrainingBatches.DefaultWorkers} batch worker, the thesis's encoder ({clips} synthetic US8K clips, resnet50 width 64, batch 16, {settings.Threads} thread(s), one run)",
                "the epoch's total time", $"{share:P1} waiting", "100%", share, Command);
        }
        finally
        {
            Directory.Delete(cache, recursive: true);
        }
    }

    private static readonly ModelOptions Small = new() { Architecture = "resnet18", Width = 16 };
    private static readonly ModelOptions Thesis = new() { Architecture = "resnet50", Width = 64 };

    private FoldJobRequest Request(string dataset, string cache, int workers, ModelOptions? model = null) => new()
    {
        DatasetRoot = dataset,
        Layout = "us8k",
        Fold = 1,
        Protocol = Protocol.Scratch,
        Model = model ?? Small,
        Training = new TrainingOptions { Epochs = 1, BatchSize = 16 },
        Seed = settings.Seed,
        Threads = settings.Threads,
        CacheDirectory = cache,
        DataWorkers = settings.Threads,
        BatchWorkers = workers,
    };

    private double WarmShare(string dataset, string cache, int workers, ModelOptions? model = null)
    {
        var epoch = FoldJob.Run(Request(dataset, cache, workers, model), null, new Discarding(), CancellationToken.None).Epochs[0];
        return epoch.DataWaitSeconds / epoch.Seconds;
    }

    /// <summary>The first epoch on an empty store, its build (decode, resample) counted as waiting.</summary>
    private double ColdShare(string dataset, string cache)
    {
        var observer = new Discarding();
        var epoch = FoldJob.Run(Request(dataset, cache, TrainingBatches.DefaultWorkers), null, observer, CancellationToken.None).Epochs[0];
        var build = observer.BuildSeconds;
        return (build + epoch.DataWaitSeconds) / (build + epoch.Seconds);
    }

    private sealed class Discarding : IFoldJobObserver
    {
        public double BuildSeconds { get; private set; }

        public void EpochCompleted(EpochMetrics metrics, Action<Stream> writeCheckpoint) { }

        public void DataProgress(StoreProgress progress) => BuildSeconds = progress.Elapsed.TotalSeconds;
    }
}
