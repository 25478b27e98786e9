using System.Collections.Concurrent;
using Grid.Learning.Pretraining;
using Grid.Learning.Training;
using Grid.Silo.Runner;

namespace Grid.Tests.Cluster;

/// <summary>
/// A job executor for grain tests: accuracy is a known function of fold, epoch and learning rate, the
/// checkpoint is the completed epoch count, and tests can close a gate before each epoch or inject failures
/// (a bad clip, a NaN loss, an unanswered grain call) per dataset folder and fold.
/// </summary>
public sealed class ScriptedJobExecutor : IJobExecutor
{
    public ConcurrentDictionary<(string Root, int Fold), int> BadClipFailures { get; } = new();
    public ConcurrentDictionary<(string Root, int Fold), int> NanFailures { get; } = new();
    /// <summary>Epoch reports that time out, as a grain call does while the cluster declares a dead silo dead.</summary>
    public ConcurrentDictionary<(string Root, int Fold), int> UnansweredReports { get; } = new();
    public ConcurrentDictionary<string, ManualResetEventSlim> Gates { get; } = new();
    /// <summary>Gates of one fold number of a dataset folder, passed before each of its epochs as <see cref="Gates"/>.</summary>
    public ConcurrentDictionary<(string Root, int Fold), ManualResetEventSlim> FoldGates { get; } = new();
    /// <summary>How long each epoch takes, per dataset folder (none: at once), folds and pretraining alike, so that the grains can act between epochs.</summary>
    public ConcurrentDictionary<string, TimeSpan> EpochDelays { get; } = new();
    public ConcurrentQueue<(string Root, int Fold, int StartEpoch)> FoldStarts { get; } = new();
    public ConcurrentQueue<string> PretrainingRuns { get; } = new();
    /// <summary>Every run in the order it started: "pretraining", or the fold's protocol and number ("finetune/2").</summary>
    public ConcurrentQueue<(string Root, string Job)> Starts { get; } = new();

    public static double Accuracy(int fold, int epoch, double learningRate) => 0.3 + 0.1 * epoch + 0.01 * fold + learningRate;

    public FoldResult RunFold(FoldJobRequest request, Stream? resumeFrom, IFoldJobObserver observer, CancellationToken cancellationToken)
    {
        var start = ReadEpochs(resumeFrom);
        FoldStarts.Enqueue((request.DatasetRoot, request.Fold, start));
        Starts.Enqueue((request.DatasetRoot, $"{request.Protocol.ToString().ToLowerInvariant()}/{request.Fold}"));
        if (request.InitPath is { } init && !File.Exists(init))
            throw new FileNotFoundException($"initial encoder {init} is missing");

        for (var epoch = start + 1; epoch <= request.Training.Epochs; epoch++)
        {
            WaitAtGate(request.DatasetRoot, cancellationToken);
            if (FoldGates.TryGetValue((request.DatasetRoot, request.Fold), out var foldGate)) foldGate.Wait(cancellationToken);
            cancellationToken.ThrowIfCancellationRequested();
            if (Take(BadClipFailures, (request.DatasetRoot, request.Fold)))
                throw new InvalidDataException($"{request.DatasetRoot}/fold{request.Fold}/broken.wav: not a RIFF file");
            var loss = Take(NanFailures, (request.DatasetRoot, request.Fold)) ? double.NaN : 1.0 / epoch;
            if (Take(UnansweredReports, (request.DatasetRoot, request.Fold)))
                throw new TimeoutException($"fold {request.Fold}: the report of epoch {epoch} was not answered in time");
            var completed = epoch;
            observer.EpochCompleted(Metrics(request, epoch, loss), stream => stream.Write(BitConverter.GetBytes(completed)));
        }

        var epochs = Enumerable.Range(1, request.Training.Epochs).Select(e => Metrics(request, e, 1.0 / e)).ToArray();
        var best = epochs.MaxBy(e => e.Accuracy)!;
        var predictions = new FoldPredictions(["a.wav"], [0], [0], [[0.5f, 0.5f]]);
        return new FoldResult(["a", "b"], epochs, best.Epoch, best.Accuracy, null, predictions);
    }

    public PretrainResult RunPretraining(PretrainRequest request, Stream? resumeFrom, IPretrainObserver observer, CancellationToken cancellationToken)
    {
        PretrainingRuns.Enqueue(request.DatasetRoot);
        Starts.Enqueue((request.DatasetRoot, "pretraining"));
        var losses = new List<double>();
        for (var epoch = ReadEpochs(resumeFrom) + 1; epoch <= request.Training.Epochs; epoch++)
        {
            WaitAtGate(request.DatasetRoot, cancellationToken);
            var completed = epoch;
            losses.Add(2.0 / epoch);
            observer.EpochCompleted(epoch, 2.0 / epoch, stream => stream.Write(BitConverter.GetBytes(completed)));
        }
        return new PretrainResult(losses);
    }

    /// <summary>Validation clips each scripted fold classifies: the first round(accuracy · 100) right, the rest wrong.</summary>
    public const int Clips = 100;

    private static EpochMetrics Metrics(FoldJobRequest request, int epoch, double loss)
    {
        var accuracy = Accuracy(request.Fold, epoch, request.Training.LearningRate);
        var right = (int)Math.Round(Math.Min(accuracy, 1) * Clips);
        return new(epoch, loss, loss, accuracy, [1, 1], [1, 1], [1, 1], [[1, 0], [0, 1]], 0.01)
        {
            CorrectClips = CorrectClipBits.FromFlags(Enumerable.Range(0, Clips).Select(i => i < right).ToArray()),
        };
    }

    private void WaitAtGate(string root, CancellationToken cancellationToken)
    {
        if (Gates.TryGetValue(root, out var gate)) gate.Wait(cancellationToken);
        if (EpochDelays.TryGetValue(root, out var delay)) cancellationToken.WaitHandle.WaitOne(delay);
        cancellationToken.ThrowIfCancellationRequested();
    }

    /// <summary>Uses up one injected failure, if any is left.</summary>
    private static bool Take(ConcurrentDictionary<(string, int), int> failures, (string, int) key)
    {
        while (failures.TryGetValue(key, out var left) && left > 0)
            if (failures.TryUpdate(key, left - 1, left))
                return true;
        return false;
    }

    private static int ReadEpochs(Stream? checkpoint)
    {
        if (checkpoint is null) return 0;
        var bytes = new byte[4];
        checkpoint.ReadExactly(bytes);
        return BitConverter.ToInt32(bytes);
    }
}
