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
/// Where a training batch's time goes, stage by stage, each timed alone on one thread over the same batches of 16
/// synthetic UrbanSound8K clips (4 s at 16 kHz, warm waveform store): read from the store, crop and flip, log-mel in
/// float32 (what training uses) and in float64 (the reference path, for comparison), per-bin normalisation,
/// SpecAugment, and the model step (resnet18 width 16: forward, backward, SGD). The median of the batches per stage.
/// </summary>
public sealed class StageTimesBench(BenchSettings settings)
{
    private const string Command = "./grid bench (data pipeline)";
    private const int BatchSize = 16;
    private static readonly FeatureOptions Features = new();

    public IReadOnlyList<BenchRow> Run()
    {
        var dataset = Directory.CreateTempSubdirectory("grid-bench-stages-").FullName;
        try
        {
            SyntheticDataset.Write("us8k", dataset, clipsPerClass: 4, settings.Seed);
            var clips = Directory.GetFiles(dataset, "*.wav", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToArray();
            set_num_threads(settings.Threads);
            using var store = WaveformStore.Open(clips, new WaveformStoreOptions(dataset, Features.SampleRate)
            {
                CacheDirectory = Path.Combine(dataset, "cache"), Workers = settings.Threads,
            }, CancellationToken.None);
            return Measure(store, clips);
        }
        finally
        {
            Directory.Delete(dataset, recursive: true);
        }
    }

    private IReadOnlyList<BenchRow> Measure(WaveformStore store, string[] clips)
    {
        using var float32 = new FeatureExtractor(Features, ScalarType.Float32);
        using var float64 = new FeatureExtractor(Features);
        var samples = float32.ClipSamples;
        var augmentation = new AugmentationPipeline(new RandomCrop(samples), new RandomFlip());
        var specAugment = new SpecAugment();
        var statistics = new FeatureStatistics(3, Features.NMels);
        foreach (var clip in clips.Take(32))
            statistics.Add(float32.Extract(FixedLength.Centre(store.Read(clip), samples)));
        var normalizer = statistics.ToNormalizer();
        var seed = Seeds.Derive(settings.Seed, "bench-stages");
        using var encoder = EncoderFactory.Create(new ModelOptions { Architecture = "resnet18", Width = 16 }, seed);
        using var head = new LinearClassifier(encoder.EmbeddingDim, 10, seed);
        using var optimizer = optim.SGD(encoder.parameters().Concat(head.parameters()), 0.01, momentum: 0.9);
        encoder.train();

        var stages = new[] { "read", "crop and flip", "log-mel float32", "log-mel float64", "normalise", "SpecAugment", "model step" }
            .ToDictionary(s => s, _ => new List<double>());
        var random = Seeds.Random(seed, "batches");
        var batches = settings.Warmups + 4 * settings.Runs;
        for (var b = 0; b < batches; b++)
        {
            using var scope = NewDisposeScope();
            var chosen = Enumerable.Range(0, BatchSize).Select(_ => clips[random.Next(clips.Length)]).ToArray();
            var keep = b >= settings.Warmups;
            var waveforms = Timed(stages["read"], keep, () => chosen.Select(store.Read).ToArray());
            var cropped = Timed(stages["crop and flip"], keep, () => waveforms.Select(w => augmentation.Apply(w, random)).ToArray());
            var flat = tensor(cropped.SelectMany(w => w).ToArray(), [BatchSize, samples]);
            var features = Timed(stages["log-mel float32"], keep, () => float32.Extract(flat));
            Timed(stages["log-mel float64"], keep, () => float64.Extract(flat));
            var normalised = Timed(stages["normalise"], keep, () => normalizer.Apply(features));
            var input = Timed(stages["SpecAugment"], keep, () =>
                stack(Enumerable.Range(0, BatchSize).Select(i => specAugment.Apply(normalised[i], random)).ToArray()));
            var targets = tensor(Enumerable.Range(0, BatchSize).Select(i => (long)(i % 10)).ToArray());
            Timed(stages["model step"], keep, () =>
            {
                optimizer.zero_grad();
                var loss = nn.functional.cross_entropy(head.forward(encoder.forward(input)), targets);
                loss.backward();
                optimizer.step();
                return loss;
            });
        }

        var medians = stages.ToDictionary(s => s.Key, s => Medians.Of(s.Value));
        var batch = medians.Where(m => m.Key != "log-mel float64").Sum(m => m.Value);
        var what = $"batch of {BatchSize} 4-s clips at 16 kHz, 64 mels, resnet18 width 16, {settings.Threads} thread(s)";
        return medians.Select(m => BenchRow.Informative($"Stage time: {m.Key} ({what})", "one training batch, all stages but float64",
            $"{1000 * m.Value:0.0} ms", $"{1000 * batch:0.0} ms", m.Value / batch, Command)).ToArray();
    }

    private static T Timed<T>(List<double> seconds, bool keep, Func<T> stage)
    {
        var watch = Stopwatch.StartNew();
        var result = stage();
        if (keep) seconds.Add(watch.Elapsed.TotalSeconds);
        return result;
    }
}
