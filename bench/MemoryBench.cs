using System.Diagnostics;
using Grid.Learning.Data.Synthetic;
using Grid.Learning.Training;
using TorchSharp;

namespace Grid.Bench;

/// <summary>
/// Row 5: a real fold job (scratch, resnet18 width 8) over a synthetic UrbanSound8K for 30 epochs, recording the
/// process's resident memory (and the .NET heap within it) and TorchSharp's live tensor count after every epoch: growth from epoch 2 to the last.
/// </summary>
public sealed class MemoryBench(BenchSettings settings)
{
    private const string Command = "./grid bench (memory)";
    private const int ClipsPerClass = 3;

    public IReadOnlyList<BenchRow> Run()
    {
        var dataset = Directory.CreateTempSubdirectory("grid-bench-memory-").FullName;
        try
        {
            SyntheticDataset.Write("us8k", dataset, ClipsPerClass, settings.Seed);
            var request = new FoldJobRequest
            {
                DatasetRoot = dataset,
                Layout = "us8k",
                Fold = 1,
                Protocol = Protocol.Scratch,
                Model = new ModelOptions { Architecture = "resnet18", Width = 8 },
                Training = new TrainingOptions { Epochs = settings.MemoryEpochs, BatchSize = 8 },
                Seed = settings.Seed,
                Threads = settings.Threads,
            };
            var observer = new MemoryObserver();
            FoldJob.Run(request, null, observer, CancellationToken.None);
            var samples = observer.Samples;
            var second = samples[1];
            var last = samples[^1];
            var what = $"fold job, {samples.Count} epochs, resnet18 width 8";
            return
            [
                BenchRow.AtMost($"Resident memory growth after epoch 2 ({what})", "resident memory after epoch 2",
                    $"{Mebibytes(last.ResidentBytes)} after epoch {samples.Count} (.NET heap {Mebibytes(last.ManagedHeapBytes)})",
                    $"{Mebibytes(second.ResidentBytes)} (.NET heap {Mebibytes(second.ManagedHeapBytes)})",
                    (double)last.ResidentBytes / second.ResidentBytes, 1.05, Command, strict: true),
                BenchRow.AtMost($"Live tensor growth after epoch 2 ({what})", "live tensors after epoch 2",
                    $"{last.LiveTensors} tensors after epoch {samples.Count}", $"{second.LiveTensors} tensors",
                    (double)last.LiveTensors / Math.Max(1, second.LiveTensors), 1.05, Command, strict: true),
            ];
        }
        finally
        {
            Directory.Delete(dataset, recursive: true);
        }
    }

    private static string Mebibytes(long bytes) => $"{bytes / 1048576.0:0.0} MiB";

    private sealed record Sample(long ResidentBytes, long ManagedHeapBytes, long LiveTensors);

    /// <summary>Called on the job's thread after each epoch, so the per-thread tensor statistics are the job's.</summary>
    private sealed class MemoryObserver : IFoldJobObserver
    {
        public List<Sample> Samples { get; } = [];

        public void EpochCompleted(EpochMetrics metrics, Action<Stream> writeCheckpoint)
        {
            using var process = Process.GetCurrentProcess();
            Samples.Add(new Sample(process.WorkingSet64, GC.GetGCMemoryInfo().HeapSizeBytes,
                DisposeScopeManager.Statistics.TensorStatistics.ThreadTotalLiveCount));
        }
    }
}
