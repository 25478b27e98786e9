using System.Diagnostics;
using Grid.Learning.Audio;
using Grid.Learning.Data;
using Grid.Learning.Data.Synthetic;
using Grid.Learning.Models;
using Grid.Learning.Runtime;
using Grid.Learning.Training;
using static TorchSharp.torch;

namespace Grid.Bench;

/// <summary>
/// Row 3: one training epoch of a small encoder (resnet18, width 16) over a synthetic UrbanSound8K, split into
/// data time (decode, resample, augment, log-mel, normalise, SpecAugment) and model time (forward, backward, SGD
/// step). Cold: the waveform store starts empty, so every clip is decoded and resampled into it first (counted as
/// data time); warm: the same store again.
/// </summary>
public sealed class PipelineShareBench(BenchSettings settings)
{
    private const string Command = "./grid bench (data pipeline share)";
    private const int ClipsPerClass = 4;
    private static readonly FeatureOptions Features = new();
    private static readonly TrainingOptions Training = new() { BatchSize = 16 };

    public IReadOnlyList<BenchRow> Run()
    {
        var dataset = Directory.CreateTempSubdirectory("grid-bench-us8k-").FullName;
        try
        {
            SyntheticDataset.Write("us8k", dataset, ClipsPerClass, settings.Seed);
            var clips = Directory.GetFiles(dataset, "*.wav", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToArray();
            set_num_threads(settings.Threads);
            using var pipeline = new FeaturePipeline(Features, Training, CPU);
            pipeline.FitNormalizer(clips.Select(c => Resampler.Default.Resample(AudioDecoder.Read(c), Features.SampleRate).MixToMono()).ToArray(),
                Training.BatchSize, CancellationToken.None);

            var cold = new List<double>();
            var warm = new List<double>();
            // The first pair is the warm-up.
            for (var run = 0; run < settings.Warmups + Math.Min(settings.Runs, 3); run++)
            {
                var cache = Directory.CreateTempSubdirectory("grid-bench-cache-").FullName;
                try
                {
                    var coldShare = Epoch(dataset, clips, pipeline, cache, run);
                    var warmShare = Epoch(dataset, clips, pipeline, cache, run);
                    if (run < settings.Warmups) continue;
                    cold.Add(coldShare);
                    warm.Add(warmShare);
                }
                finally
                {
                    Directory.Delete(cache, recursive: true);
                }
            }
            var coldMedian = Medians.Of(cold);
            var warmMedian = Medians.Of(warm);
            var what = $"{clips.Length} synthetic US8K clips, resnet18 width 16, batch {Training.BatchSize}, {settings.Threads} thread(s)";
            return
            [
                BenchRow.AtMost($"Data share of one epoch, warm waveform cache ({what})", "the epoch's total time",
                    $"{warmMedian:P1} in data", "100%", warmMedian, 0.10, Command, strict: true),
                BenchRow.Informative($"Data share of one epoch, cold waveform cache ({what})", "the epoch's total time",
                    $"{coldMedian:P1} in data", "100%", coldMedian, Command),
            ];
        }
        finally
        {
            Directory.Delete(dataset, recursive: true);
        }
    }

    /// <summary>One epoch; the fraction of its time spent producing batches.</summary>
    private double Epoch(string dataset, string[] clips, FeaturePipeline pipeline, string cacheDirectory, int run)
    {
        var seed = Seeds.Derive(settings.Seed, "bench-pipeline", run);
        var data = Stopwatch.StartNew();
        using var store = WaveformStore.Open(clips, new WaveformStoreOptions(dataset, Features.SampleRate)
        {
            CacheDirectory = cacheDirectory, Workers = settings.Threads,
        }, CancellationToken.None);
        data.Stop();
        using var encoder = EncoderFactory.Create(new ModelOptions { Architecture = "resnet18", Width = 16 }, seed);
        using var head = new LinearClassifier(encoder.EmbeddingDim, SoundModels.Count, seed);
        using var optimizer = optim.SGD(encoder.parameters().Concat(head.parameters()), 0.01, momentum: 0.9, weight_decay: 1e-4);
        var labels = clips.Select(ClassOf).ToArray();
        var random = EpochPlan.Begin(seed, 0);
        var model = new Stopwatch();
        foreach (var batch in EpochPlan.Batches(clips.Length, Training.BatchSize, 2, random))
        {
            using var scope = NewDisposeScope();
            data.Start();
            var waveforms = batch.Select(i => store.Read(clips[i])).ToArray();
            var inputs = pipeline.Augmented(waveforms, random);                                   // N×3×mels×frames
            data.Stop();
            model.Start();
            optimizer.zero_grad();
            var logits = head.forward(encoder.forward(inputs));                                   // N×C
            nn.functional.cross_entropy(logits, tensor(batch.Select(i => (long)labels[i]).ToArray())).backward();
            optimizer.step();
            model.Stop();
        }
        return data.Elapsed.TotalSeconds / (data.Elapsed.TotalSeconds + model.Elapsed.TotalSeconds);
    }

    // US8K names slices fsID-classID-occurrence-slice.wav.
    private static int ClassOf(string path) => int.Parse(Path.GetFileNameWithoutExtension(path).Split('-')[1], System.Globalization.CultureInfo.InvariantCulture);
}
