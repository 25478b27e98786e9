using Grid.Grains;

namespace Grid.Tests.Cluster;

/// <summary>Slots, tickets and boards for the job board's unit tests.</summary>
public static class JobBoardSamples
{
    public static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static SlotInfo Cpu(int slot) => new(slot, false, 0, 1, null, null);

    public static JobTicket Fold(string experiment, int trial, int fold, int seconds = 0) =>
        new(GrainKeys.JobId(JobKind.Fold, $"{experiment}/{trial}/{fold}"), experiment, $"{experiment}/{trial}", 1, Accelerator.Any, T0.AddSeconds(seconds));

    public static JobTicket PretrainingRun(string experiment, string key, int gatedFolds, int seconds = 0) =>
        new(GrainKeys.JobId(JobKind.Pretraining, key), experiment, key, 1, Accelerator.Any, T0.AddSeconds(seconds), gatedFolds);

    /// <summary>A board that knows one silo per name, each with the given number of CPU slots.</summary>
    public static JobBoard Board(int slots, params string[] silos)
    {
        var board = new JobBoard();
        foreach (var silo in silos.DefaultIfEmpty("silo-a"))
            board.Heartbeat(new RunnerHeartbeat(silo, Enumerable.Range(0, slots).Select(Cpu).ToArray()), T0);
        return board;
    }
}
