using System.Diagnostics;
using Grid.Learning.Pretraining;
using Grid.Learning.Training;
using Grid.Silo.Configuration;
using Grid.Silo.Runner;
using Xunit;

namespace Grid.Tests.Cluster;

/// <summary>The simulated executor alone: epochs of the set length, seeded figures, resume from its checkpoint, cancellation.</summary>
[Trait("Category", "Unit")]
public sealed class SimulatedJobExecutorTests
{
    private static readonly TimeSpan Epoch = TimeSpan.FromMilliseconds(30);

    private sealed class Recorder : IFoldJobObserver, IPretrainObserver
    {
        public List<EpochMetrics> Folds { get; } = [];
        public List<(int Epoch, double Loss)> Pretraining { get; } = [];
        public MemoryStream LastCheckpoint { get; private set; } = new();

        public void EpochCompleted(EpochMetrics metrics, Action<Stream> writeCheckpoint)
        {
            Folds.Add(metrics);
            Keep(writeCheckpoint);
        }

        public void EpochCompleted(int epoch, double loss, Action<Stream> writeCheckpoint)
        {
            Pretraining.Add((epoch, loss));
            Keep(writeCheckpoint);
        }

        private void Keep(Action<Stream> writeCheckpoint)
        {
            LastCheckpoint = new MemoryStream();
            writeCheckpoint(LastCheckpoint);
            LastCheckpoint.Position = 0;
        }
    }

    private static FoldJobRequest Fold(long seed, int epochs) => new()
    {
        DatasetRoot = "/nowhere",
        Layout = "us8k",
        Fold = 1,
        Protocol = Protocol.Scratch,
        Training = new TrainingOptions { Epochs = epochs },
        Seed = seed,
    };

    [Fact]
    public void AFoldSleepsEachEpochAndReportsSeededFigures()
    {
        var (first, again, other) = (new Recorder(), new Recorder(), new Recorder());
        var executor = new SimulatedJobExecutor(Epoch);
        var watch = Stopwatch.StartNew();
        var result = executor.RunFold(Fold(11, 3), null, first, CancellationToken.None);
        Assert.True(watch.Elapsed >= 3 * Epoch, $"three epochs of {Epoch.TotalMilliseconds} ms took {watch.Elapsed.TotalMilliseconds} ms");

        executor.RunFold(Fold(11, 3), null, again, CancellationToken.None);
        executor.RunFold(Fold(12, 3), null, other, CancellationToken.None);

        Assert.Equal([1, 2, 3], first.Folds.Select(m => m.Epoch));
        Assert.Equal(first.Folds.Select(m => m.Accuracy), again.Folds.Select(m => m.Accuracy));
        Assert.NotEqual(first.Folds.Select(m => m.Accuracy), other.Folds.Select(m => m.Accuracy));
        Assert.All(first.Folds, m => Assert.InRange(m.Accuracy, 0.9 - 0.4 / m.Epoch, 0.92 - 0.4 / m.Epoch));
        Assert.All(first.Folds, m => Assert.Equal(Epoch.TotalSeconds, m.Seconds));
        Assert.Equal(first.Folds.MaxBy(m => m.Accuracy)!.Epoch, result.BestEpoch);
    }

    [Fact]
    public void AResumedJobContinuesAfterItsCheckpointedEpoch()
    {
        var executor = new SimulatedJobExecutor(TimeSpan.Zero);
        var firstTwo = new Recorder();
        executor.RunFold(Fold(5, 2), null, firstTwo, CancellationToken.None);

        var checkpoint = firstTwo.LastCheckpoint.ToArray();
        var rest = new Recorder();
        executor.RunFold(Fold(5, 4), new MemoryStream(checkpoint), rest, CancellationToken.None);
        Assert.Equal([3, 4], rest.Folds.Select(m => m.Epoch));

        var pretraining = new Recorder();
        var resumed = executor.RunPretraining(new PretrainRequest { DatasetRoot = "/nowhere", Layout = "us8k", Training = new TrainingOptions { Epochs = 3 }, Seed = 5 }, new MemoryStream(checkpoint), pretraining, CancellationToken.None);
        Assert.Equal([3], pretraining.Pretraining.Select(p => p.Epoch));
        Assert.Equal(pretraining.Pretraining.Select(p => p.Loss), resumed.EpochLosses);
    }

    [Fact]
    public void CancellationStopsTheJobBetweenEpochs()
    {
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        var recorder = new Recorder();
        Assert.ThrowsAny<OperationCanceledException>(() =>
            new SimulatedJobExecutor(TimeSpan.FromSeconds(30)).RunFold(Fold(1, 3), null, recorder, cancellation.Token));
        Assert.Empty(recorder.Folds);
    }

    [Theory]
    [InlineData("simulated", "00:00:01", null)]
    [InlineData("learning", "00:00:00", null)]
    [InlineData("gpu-free", "00:00:01", "Runner:Executor must be learning or simulated (got gpu-free)")]
    [InlineData("simulated", "-00:00:01", "Runner:SimulatedEpoch must not be negative (got -00:00:01)")]
    public void TheRunnerSettingsNameABadExecutorOrEpoch(string executor, string epoch, string? problem)
    {
        var settings = new RunnerSettings { Executor = executor, SimulatedEpoch = TimeSpan.Parse(epoch, System.Globalization.CultureInfo.InvariantCulture) };
        Assert.Equal(problem is null ? [] : [problem], settings.Problems());
    }
}
