using Grid.Grains;
using Grid.Learning.Analysis;
using Grid.Learning.Data.Synthetic;
using Grid.Learning.Training;
using Grid.Tests.Cluster;
using Xunit;

namespace Grid.Tests.Stopping;

/// <summary>
/// End to end: a real silo process on Azurite trains two trials (one that learns, one at a learning rate too small to)
/// and the paired rule's first-fold look stops the second on the clips of fold 1, with the evidence the stored fold
/// results give.
/// </summary>
[Collection(SiloProcessCollection.Name)]
[Trait("Category", "Process")]
public sealed class FirstFoldLookProcessTests(SiloProcessFixture fixture)
{
    private const double Alpha = 0.2;

    [Fact]
    public async Task TheFirstFoldLookStopsATrialOnTheClipsItsStoredPredictionsGetWrong()
    {
        await using var grid = fixture.NewGrid("first-fold");
        await grid.StartSiloAsync(cpuSlots: 2);
        var client = await grid.ClientAsync();
        const string id = "first-fold-look";
        // The stopping bench's setting (30 clips a class, 30 a fold): the fixture's 3 a fold are too few for any test.
        var dataset = Path.Combine(fixture.Root, "us8k-first-fold");
        SyntheticDataset.Write("us8k", dataset, clipsPerClass: 30, seed: 11);
        var spec = $$"""
        {
          "name": "first", "seed": 5,
          "dataset": { "layout": "us8k", "location": "{{dataset}}", "folds": [1, 2, 3] },
          "protocol": "scratch",
          "model": { "architecture": "resnet18", "width": 8 },
          "training": { "epochs": 6, "batchSize": 16, "learningRate": 0.01, "specAugment": false },
          "features": { "sampleRate": 8000, "nMels": 32, "nFft": 256, "hopLength": 128, "clipSeconds": 1.0 },
          "search": {
            "training.learningRate": { "grid": [0.02, 0.000001] },
            "stopping": { "rule": "paired", "test": "t", "alpha": {{Alpha}}, "minFolds": 2, "firstFold": true } }
        }
        """;
        await client.GetGrain<IExperimentGrain>(id).LaunchAsync(spec);

        var snapshot = await Eventually.WaitAsync(() => client.GetGrain<IExperimentGrain>(id).GetSnapshotAsync(),
            s => s.State != ExperimentState.Running, TimeSpan.FromMinutes(3), "the pruned sweep ends");

        Assert.Equal(ExperimentState.Succeeded, snapshot.State);
        Assert.True(1 == snapshot.StopDecisions.Count, Accuracies(snapshot));
        var decision = snapshot.StopDecisions[0];
        Assert.True((1, 0) == (decision.TrialIndex, decision.AgainstTrial), StoppingSweepGrainTests.Describe(snapshot));
        Assert.Equal([1], decision.ComparedFolds);
        var (learner, stopped) = (snapshot.Trials[0], snapshot.Trials[1]);
        Assert.Equal(3, learner.FoldsSucceeded);
        Assert.True(stopped.FoldsStopped >= 1 && stopped.FoldsSucceeded <= 2, StoppingSweepGrainTests.Describe(snapshot));

        // The evidence, recomputed from the fold results each runner stored: McNemar on fold 1's clips.
        var mine = await MarksAsync(stopped.Folds.Single(f => f.Fold == 1));
        var theirs = await MarksAsync(learner.Folds.Single(f => f.Fold == 1));
        var (onlyTrial, onlyIncumbent) = CorrectClipBits.Discordant(mine, theirs);
        Assert.Equal((onlyTrial + onlyIncumbent, (double)onlyIncumbent), (decision.Compared, decision.Statistic));
        Assert.Equal(McNemarTest.ExactWorse(onlyIncumbent, onlyTrial + onlyIncumbent), decision.PValue);
        Assert.True(decision.PValue < Alpha);
        Assert.Equal(mine, stopped.Folds.Single(f => f.Fold == 1).BestCorrectClips);
    }

    private static string Accuracies(ExperimentSnapshot snapshot) => string.Join(" | ", snapshot.Trials.SelectMany(t => t.Folds.Select(f =>
        $"trial {t.Index} fold {f.Fold} {f.State}: {string.Join(", ", f.EpochAccuracies.Select(a => a.ToString("P0")))}; marks of {(f.BestCorrectClips is { } marks ? CorrectClipBits.Count(marks) : 0)} clips")));

    /// <summary>The best epoch's marks, from the fold result in the artifact store.</summary>
    private async Task<byte[]> MarksAsync(FoldStatus fold)
    {
        var best = (await fixture.StoredResultAsync(fold)).BestPredictions;
        return CorrectClipBits.Of(best.Clips, best.Labels, best.Predicted);
    }
}
