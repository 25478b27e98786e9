using System.Diagnostics;
using Grid.Grains;
using Grid.Grains.Specs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Storage;

namespace Grid.Silo;

/// <summary>
/// Plans a built-in sweep once when the silo starts, in the background, so that the first launch an experiment grain
/// handles on this silo does not pay the planner's first call (JIT and JSON metadata: about 270 ms against 1 ms warm on
/// 2 cores, most of a launch on a silo that had not planned before); then passes the experiment's and a trial's state
/// for that plan through the grain storage serializer, there and back, so that the launch's first state writes do not
/// pay the serializer's first use of those types either (about 115 ms on a silo that had hosted no experiment).
/// Nothing is stored or scheduled, and no file is read.
/// </summary>
public sealed partial class PlannerWarmUp(IServiceProvider services, ILogger<PlannerWarmUp> logger) : BackgroundService
{
    /// <summary>Every part of a spec the planner reads: pretraining, a search over protocol and learning rate, a stopping rule.</summary>
    public const string Spec = """
    {
      "name": "planner-warm-up",
      "seed": 0,
      "dataset": { "layout": "us8k", "location": "/planner-warm-up", "folds": [1, 2] },
      "pretraining": { "method": "moco", "training": { "epochs": 1, "batchSize": 8, "learningRate": 0.03 } },
      "protocol": "scratch",
      "model": { "architecture": "resnet18", "width": 4 },
      "training": { "epochs": 2, "batchSize": 8, "learningRate": 0.01 },
      "features": { "sampleRate": 8000, "nMels": 32, "nFft": 256, "hopLength": 128, "clipSeconds": 1.0 },
      "search": {
        "protocol": { "grid": ["scratch", "finetune"] },
        "training.learningRate": { "grid": [0.01, 0.03] },
        "stopping": { "rule": "paired", "test": "t", "alpha": 0.1, "minFolds": 2 }
      }
    }
    """;

    /// <summary>Plans <see cref="Spec"/> (4 trials).</summary>
    public static SweepPlan Plan() => SweepPlanner.Plan("planner-warm-up", Spec);

    protected override Task ExecuteAsync(CancellationToken stopping) => Task.Run(() =>
    {
        try
        {
            var watch = Stopwatch.StartNew();
            var plan = Plan();
            var bytes = services.GetService<IGrainStorageSerializer>() is { } serializer ? RoundTripStates(plan, serializer) : 0;
            LogWarmedUp(plan.Trials.Count, bytes, watch.ElapsedMilliseconds);
        }
        catch (Exception error)
        {
            // Only the first launch's speed depends on it.
            LogFailed(error);
        }
    }, stopping);

    /// <summary>The states a launch of <paramref name="plan"/> writes first, serialized and read back; returns their bytes.</summary>
    public static long RoundTripStates(SweepPlan plan, IGrainStorageSerializer serializer)
    {
        var experiment = new ExperimentGrainState
        {
            SpecJson = Spec,
            Name = plan.Spec.Name,
            TrialCount = plan.Trials.Count,
            EpochsPerFold = plan.EpochsPerFold,
            Plan = [.. plan.Trials],
        };
        var trial = new TrialGrainState { Definition = plan.Trials[^1] };
        var experimentBytes = serializer.Serialize(experiment);
        var trialBytes = serializer.Serialize(trial);
        var back = serializer.Deserialize<ExperimentGrainState>(experimentBytes);
        serializer.Deserialize<TrialGrainState>(trialBytes);
        if (back?.Plan?.Count != plan.Trials.Count) throw new InvalidOperationException("the experiment's state did not read back");
        return experimentBytes.ToMemory().Length + trialBytes.ToMemory().Length;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Sweep planner warmed up: {Trials} trials planned, their experiment's and a trial's state serialized ({Bytes} bytes), in {Milliseconds} ms")]
    private partial void LogWarmedUp(int trials, long bytes, long milliseconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sweep planner warm-up failed")]
    private partial void LogFailed(Exception error);
}
