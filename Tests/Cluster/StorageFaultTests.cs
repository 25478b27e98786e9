using Grid.Grains;
using Grid.Learning.Training;
using Grid.Storage;
using Xunit;
using Xunit.Abstractions;

namespace Grid.Tests.Cluster;

/// <summary>Storage faults during sweeps on real grains whose state and blobs live in Azurite: they heal without an operator.</summary>
[Collection(AzuriteGridCollection.Name)]
[Trait("Category", "Cluster")]
public sealed class StorageFaultTests(AzuriteGridFixture fixture, ITestOutputHelper output)
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(120);
    /// <summary>A fold may be shown running without its slot for the lease timeout and one check of the lease watchdog, not longer.</summary>
    private static readonly TimeSpan LongestUnheld = AzuriteGridFixture.LeaseTimeout + TimeSpan.FromSeconds(2);

    private ScriptedJobExecutor Executor => AzuriteGridFixture.Executor;
    private IExperimentGrain Experiment(string id) => fixture.Cluster.Client.GetGrain<IExperimentGrain>(id);

    [Fact]
    public async Task AFoldWhoseLastUploadFailsIsNotReportedSucceededAndResumesFromItsLastDurableCheckpoint()
    {
        var id = "upload" + Guid.NewGuid().ToString("N")[..8];
        var dataset = AzuriteGridFixture.NewDataset();
        var key = GrainKeys.Fold(GrainKeys.Trial(id, 0), 1);
        FaultyBlobStore.FailingWrites[($"checkpoints/{key}/", "/epoch-0003.ckpt")] = 1;
        await Experiment(id).LaunchAsync(SpecSamples.Tiny(folds: "[1]", location: dataset));

        var snapshot = await Eventually.WaitAsync(() => Experiment(id).GetSnapshotAsync(), s => s.State == ExperimentState.Succeeded, Limit, $"{id} succeeded");

        var fold = Assert.Single(Assert.Single(snapshot.Trials).Folds);
        Assert.Equal(0, FaultyBlobStore.FailingWrites[($"checkpoints/{key}/", "/epoch-0003.ckpt")]);
        // The storage fault was an interruption, not a failed attempt; the second run started after epoch 2, the last durable one.
        Assert.Equal((FoldState.Succeeded, 0, 1), (fold.State, fold.Attempts, fold.Interruptions));
        Assert.Equal([0, 2], Executor.FoldStarts.Where(s => s.Root == dataset).Select(s => s.StartEpoch));
        Assert.Equal(3, fold.EpochAccuracies.Count);
        // Success was reported only by the second lease, whose checkpoint of epoch 3 and result are durable.
        var lease = LeaseFolder(fold.CheckpointBlob!);
        Assert.EndsWith("/epoch-0003.ckpt", fold.CheckpointBlob);
        Assert.Equal($"artifacts/{key}/{lease}/result.msgpack", fold.ArtifactsBlob);
        var results = (await fixture.Artifacts.ListAsync($"artifacts/{key}/", default)).Where(b => b.EndsWith("/result.msgpack", StringComparison.Ordinal));
        Assert.Equal([fold.ArtifactsBlob], results);
        await using var stored = await fixture.Artifacts.OpenReadAsync(fold.ArtifactsBlob!, default);
        Assert.Equal(fold.EpochAccuracies, ArtifactSerializer.Deserialize<FoldResult>(stored).Epochs.Select(e => e.Accuracy));
    }

    [Fact]
    public async Task ASweepOutlivesAzuriteKilledAndRestartedWithEveryFoldAndEpochAndNoFoldRunningOnAFreeSlot()
    {
        var id = "azkill" + Guid.NewGuid().ToString("N")[..8];
        var dataset = AzuriteGridFixture.NewDataset();
        Executor.EpochDelays[dataset] = TimeSpan.FromMilliseconds(400);
        const int epochs = 5;
        await Experiment(id).LaunchAsync(SpecSamples.Tiny(location: dataset, epochs: epochs, search: """{ "training.learningRate": { "grid": [0.1, 0.01] } }"""));
        using var stop = new CancellationTokenSource();
        var watch = WatchForUnheldFoldsAsync(id, stop.Token);

        await Eventually.WaitAsync(() => Experiment(id).GetSnapshotAsync(), s => s.Trials.Sum(t => t.Folds.Sum(f => f.EpochAccuracies.Count)) >= 4, Limit, "a few epochs done");
        await fixture.Azurite.KillAsync();
        output.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} Azurite killed");
        await Task.Delay(TimeSpan.FromSeconds(3));
        await fixture.Azurite.RestartAsync();
        output.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} Azurite restarted");

        var snapshot = await Eventually.WaitAsync(() => Experiment(id).GetSnapshotAsync(), s => s.State != ExperimentState.Running, Limit, $"{id} finished");
        await stop.CancelAsync();
        var unheld = await watch;

        Assert.Equal(ExperimentState.Succeeded, snapshot.State);
        Assert.Equal(2, snapshot.Trials.Count);
        foreach (var fold in snapshot.Trials.SelectMany(t => t.Folds))
        {
            output.WriteLine($"{fold.Key}: attempts {fold.Attempts}, interruptions {fold.Interruptions}");
            Assert.Equal((FoldState.Succeeded, 0, epochs), (fold.State, fold.Attempts, fold.EpochAccuracies.Count));
        }
        Assert.Equal(6, snapshot.Trials.Sum(t => t.FoldsSucceeded));
        Assert.True(unheld.Count == 0, "shown running without a slot for longer than " + LongestUnheld + ": " + string.Join("; ", unheld));
    }

    /// <summary>
    /// Polls the sweep's status and the scheduler's slots while it runs; returns each fold shown running, for longer than
    /// <see cref="LongestUnheld"/>, while no slot held it.
    /// </summary>
    private async Task<List<string>> WatchForUnheldFoldsAsync(string id, CancellationToken stop)
    {
        var since = new Dictionary<string, DateTime>();
        var unheld = new List<string>();
        var client = fixture.Cluster.Client;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                var snapshot = await Experiment(id).GetSnapshotAsync();
                var cluster = await client.GetGrain<ISchedulerGrain>(GrainKeys.Singleton).GetClusterAsync();
                var held = cluster.Silos.SelectMany(s => s.Slots).Select(s => s.JobId).OfType<string>().ToHashSet();
                var now = DateTime.UtcNow;
                foreach (var fold in snapshot.Trials.SelectMany(t => t.Folds))
                {
                    if (fold.State != FoldState.Running || held.Contains(GrainKeys.JobId(JobKind.Fold, fold.Key)))
                    {
                        since.Remove(fold.Key);
                        continue;
                    }
                    var first = since.TryAdd(fold.Key, now) ? now : since[fold.Key];
                    if (now - first > LongestUnheld && !unheld.Contains(fold.Key))
                    {
                        unheld.Add(fold.Key);
                        output.WriteLine($"{now:HH:mm:ss.fff} {fold.Key} shown running on {fold.Silo} since {first:HH:mm:ss.fff} without a slot");
                    }
                }
            }
            catch (Exception error) when (error is TimeoutException or Orleans.Runtime.OrleansException)
            {
                output.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} status poll failed: {error.GetType().Name}");
            }
            await Task.Delay(200, CancellationToken.None);
        }
        return unheld;
    }

    private static string LeaseFolder(string blob) => blob.Split('/').Single(part => part.StartsWith("lease-", StringComparison.Ordinal));
}
