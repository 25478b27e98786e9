using System.Runtime.InteropServices;
using Grid.Learning.Audio;
using Grid.Learning.Models;
using Grid.Learning.Training;
using TorchSharp;
using TorchSharp.Modules;
using Xunit;
using static TorchSharp.torch;

namespace Grid.Tests.Training;

/// <summary>
/// Training threads in one process (as a silo's CPU slots) while the GC runs flat out. A temporary
/// <see cref="Scalar"/> finalised during the native call that reads it fails the step with libtorch's
/// "Expected false to be true" or "INTERNAL ASSERT FAILED at c10/core/Scalar.h" (or, in TorchSharp's BatchNorm,
/// "alpha must not be a floating point number"), or corrupts it silently.
/// </summary>
[Trait("Category", "Slow")]
public sealed class ConcurrentStepTests
{
    private const int Workers = 4;
    private const int Steps = 200;
    private const int ParameterCount = 24;
    private const int Channels = 3;

    [Theory]
    [InlineData("sgd")]
    [InlineData("adam")]
    public void KeepAliveStepsMatchTorchSharpsBitForBit(string name)
    {
        var options = Options(name);
        var ours = Train(parameters => OptimizerFactory.Create(parameters, options), () => new KeepAliveBatchNorm2d(Channels), seed: 7, mel: null);
        var theirs = Train(parameters => name == "sgd"
            ? optim.SGD(parameters, options.LearningRate, momentum: options.Momentum, weight_decay: options.WeightDecay)
            : optim.Adam(parameters, options.LearningRate, weight_decay: options.WeightDecay), () => nn.BatchNorm2d(Channels), seed: 7, mel: null);
        Assert.Equal(theirs.Weights, ours.Weights);
        Assert.Equal(theirs.Normalised, ours.Normalised);
        Assert.Equal(theirs.RunningStatistics, ours.RunningStatistics);
    }

    [Fact]
    public void TrainingThreadsGiveSequentialResultsUnderForcedCollections()
    {
        using var mel = new MelSpectrogram(sampleRate: 16000, nFft: 64, hopLength: 32, nMels: 8);
        var expected = Enumerable.Range(0, Workers).Select(worker => RunWorker(worker, mel)).ToArray();

        var actual = new WorkerResult?[Workers];
        var failures = new Exception?[Workers];
        var workers = Enumerable.Range(0, Workers).Select(worker => new Thread(() =>
        {
            try
            {
                SchedulingPriority.Lowest();
                actual[worker] = RunWorker(worker, mel);
            }
            catch (Exception error) { failures[worker] = error; }
        })).ToArray();
        // Collections and finalisers must run while a worker sits inside a native call: a full collection in a
        // loop, at normal priority, preempts the lowest-priority workers at random points.
        var running = true;
        var collector = new Thread(() =>
        {
            while (Volatile.Read(ref running))
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
            }
        });
        collector.Start();
        foreach (var thread in workers) thread.Start();
        foreach (var thread in workers) thread.Join();
        Volatile.Write(ref running, false);
        collector.Join();

        Assert.All(failures, failure => Assert.Null(failure));
        for (var worker = 0; worker < Workers; worker++)
        {
            Assert.Equal(expected[worker].Weights, actual[worker]!.Weights);
            Assert.Equal(expected[worker].Mel, actual[worker]!.Mel);
            Assert.Equal(expected[worker].Normalised, actual[worker]!.Normalised);
            Assert.Equal(expected[worker].RunningStatistics, actual[worker]!.RunningStatistics);
        }
    }

    private static WorkerResult RunWorker(int worker, MelSpectrogram mel)
    {
        var options = Options(worker % 2 == 0 ? "sgd" : "adam");
        return Train(parameters => OptimizerFactory.Create(parameters, options), () => new KeepAliveBatchNorm2d(Channels), seed: (ulong)worker, mel);
    }

    private static TrainingOptions Options(string optimizer) =>
        new() { Optimizer = Enum.Parse<OptimizerKind>(optimizer, ignoreCase: true), LearningRate = 0.01, Momentum = 0.9, WeightDecay = 1e-4 };

    /// <summary>
    /// Minimises Σ‖p − target‖² over a few small parameters, plus a mel spectrogram and a training-mode BatchNorm
    /// per step; the loop itself converts no number to a Scalar, so only the optimiser's, the spectrogram's and the
    /// norm's conversions are exercised.
    /// </summary>
    private static WorkerResult Train(Func<Parameter[], OptimizerHelper> createOptimizer, Func<nn.Module<Tensor, Tensor>> createNorm,
        ulong seed, MelSpectrogram? mel)
    {
        using var norm = createNorm();
        using var images = randn([2, Channels, 4, 4], generator: new Generator(seed + 100));   // N×C×H×W
        float[] normalised = [];
        using var generator = new Generator(seed);
        var parameters = Enumerable.Range(0, ParameterCount).Select(_ => new Parameter(randn([4], generator: generator))).ToArray();
        using var targets = randn([ParameterCount, 4], generator: generator);     // one row per parameter
        using var waveform = randn([1, 512], generator: generator);               // 1×time
        using var optimizer = createOptimizer(parameters);
        float[] spectrum = [];
        for (var step = 0; step < Steps; step++)
        {
            using var scope = NewDisposeScope();
            optimizer.zero_grad();
            var residual = stack(parameters) - targets;                             // ParameterCount×4
            (residual * residual).sum().backward();
            optimizer.step();
            if (mel is not null) spectrum = mel.Power(waveform).data<float>().ToArray();   // 1×8×frames
            normalised = norm.call(images).data<float>().ToArray();
        }
        var statistics = norm.named_buffers().SelectMany(buffer => buffer.Item2.to_type(ScalarType.Float64).data<double>().ToArray()).ToArray();
        var weights = parameters.SelectMany(parameter => parameter.detach().data<float>().ToArray()).ToArray();
        foreach (var parameter in parameters) parameter.Dispose();
        return new WorkerResult(weights, spectrum, normalised, statistics);
    }

    /// <param name="RunningStatistics">The norm's buffers: running mean and variance, and its batch count.</param>
    private sealed record WorkerResult(float[] Weights, float[] Mel, float[] Normalised, double[] RunningStatistics);

    /// <summary>Lowers the calling thread's scheduling priority (Linux nice 19), so the collector preempts it.</summary>
    private static class SchedulingPriority
    {
        private const int PriorityOfProcess = 0;   // PRIO_PROCESS: on Linux, `who` may name a single thread
        private const int Nicest = 19;

        public static void Lowest()
        {
            if (!OperatingSystem.IsLinux()) return;
            if (setpriority(PriorityOfProcess, gettid(), Nicest) != 0)
                throw new InvalidOperationException($"setpriority failed with errno {Marshal.GetLastPInvokeError()}");
        }

        [DllImport("libc", SetLastError = true)]
        private static extern int setpriority(int which, int who, int priority);

        [DllImport("libc")]
        private static extern int gettid();
    }
}
