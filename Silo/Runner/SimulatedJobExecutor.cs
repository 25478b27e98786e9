using Grid.Learning.Pretraining;
using Grid.Learning.Runtime;
using Grid.Learning.Training;

namespace Grid.Silo.Runner;

/// <summary>
/// A job executor that trains nothing (<c>Runner:Executor = simulated</c>): each epoch of a fold or pretraining job
/// sleeps <paramref name="epochDuration"/> and then reports through the real path (checkpoint blob, metrics blob,
/// <c>ReportEpochAsync</c> under the job's lease), so the grains, the scheduler and storage see a job of the planned
/// length without its compute: the scheduler's own cost can be measured at many slots on few cores. Accuracies and
/// losses are a deterministic function of the job's seed and the epoch; a checkpoint holds the completed epoch count,
/// so a resumed job continues where it stopped.
/// </summary>
public sealed class SimulatedJobExecutor(TimeSpan epochDuration) : IJobExecutor
{
    private static readonly string[] Classes = ["simulated-a", "simulated-b"];

    public TimeSpan EpochDuration => epochDuration;

    public FoldResult RunFold(FoldJobRequest request, Stream? resumeFrom, IFoldJobObserver observer, CancellationToken cancellationToken)
    {
        for (var epoch = CompletedEpochs(resumeFrom) + 1; epoch <= request.Training.Epochs; epoch++)
        {
            Sleep(cancellationToken);
            var completed = epoch;
            observer.EpochCompleted(Metrics(request.Seed, epoch, epochDuration.TotalSeconds), stream => WriteCheckpoint(stream, completed));
        }
        var epochs = Enumerable.Range(1, request.Training.Epochs).Select(epoch => Metrics(request.Seed, epoch, epochDuration.TotalSeconds)).ToArray();
        var best = epochs.MaxBy(e => e.Accuracy)!;
        return new FoldResult(Classes, epochs, best.Epoch, best.Accuracy, null, new FoldPredictions([], [], [], []));
    }

    public PretrainResult RunPretraining(PretrainRequest request, Stream? resumeFrom, IPretrainObserver observer, CancellationToken cancellationToken)
    {
        var start = CompletedEpochs(resumeFrom);
        for (var epoch = start + 1; epoch <= request.Training.Epochs; epoch++)
        {
            Sleep(cancellationToken);
            var completed = epoch;
            observer.EpochCompleted(epoch, Loss(request.Seed, epoch), stream => WriteCheckpoint(stream, completed));
        }
        return new PretrainResult(Enumerable.Range(start + 1, Math.Max(0, request.Training.Epochs - start)).Select(epoch => Loss(request.Seed, epoch)).ToArray());
    }

    /// <summary>What a simulated fold reports after <paramref name="epoch"/>: accuracy rising towards 0.9 with seeded noise.</summary>
    public static EpochMetrics Metrics(long seed, int epoch, double seconds)
    {
        var noise = Seeds.Random(seed, "simulated accuracy", epoch).NextDouble() * 0.02;
        var accuracy = 0.9 - 0.4 / epoch + noise;
        var loss = Loss(seed, epoch);
        return new EpochMetrics(epoch, loss, loss * 1.1, accuracy, [accuracy, accuracy], [accuracy, accuracy], [accuracy, accuracy], [[1, 0], [0, 1]], seconds);
    }

    private static double Loss(long seed, int epoch) => 2.0 / epoch + Seeds.Random(seed, "simulated loss", epoch).NextDouble() * 0.01;

    private void Sleep(CancellationToken cancellationToken)
    {
        cancellationToken.WaitHandle.WaitOne(epochDuration);
        cancellationToken.ThrowIfCancellationRequested();
    }

    private static void WriteCheckpoint(Stream stream, int completedEpochs) => stream.Write(BitConverter.GetBytes(completedEpochs));

    private static int CompletedEpochs(Stream? checkpoint)
    {
        if (checkpoint is null) return 0;
        var bytes = new byte[sizeof(int)];
        checkpoint.ReadExactly(bytes);
        return BitConverter.ToInt32(bytes);
    }
}
