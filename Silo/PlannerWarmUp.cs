using System.Diagnostics;
using Grid.Grains.Specs;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Grid.Silo;

/// <summary>
/// Plans a built-in sweep once when the silo starts, in the background, so that the first launch an experiment grain
/// handles on this silo does not pay the planner's first call (JIT and JSON metadata: about 270 ms against 1 ms warm on
/// 2 cores, most of a launch on a silo that had not planned before). Nothing is stored or scheduled, and no file is read.
/// </summary>
public sealed partial class PlannerWarmUp(ILogger<PlannerWarmUp> logger) : BackgroundService
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

    /// <summary>Plans <see cref="Spec"/>; returns the number of trials (4).</summary>
    public static int Plan() => SweepPlanner.Plan("planner-warm-up", Spec).Trials.Count;

    protected override Task ExecuteAsync(CancellationToken stopping) => Task.Run(() =>
    {
        try
        {
            var watch = Stopwatch.StartNew();
            var trials = Plan();
            LogWarmedUp(trials, watch.ElapsedMilliseconds);
        }
        catch (Exception error)
        {
            // Only the first launch's speed depends on it.
            LogFailed(error);
        }
    }, stopping);

    [LoggerMessage(Level = LogLevel.Information, Message = "Sweep planner warmed up: {Trials} trials planned in {Milliseconds} ms")]
    private partial void LogWarmedUp(int trials, long milliseconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sweep planner warm-up failed")]
    private partial void LogFailed(Exception error);
}
