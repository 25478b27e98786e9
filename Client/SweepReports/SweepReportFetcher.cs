using Grid.Grains;
using Grid.Grains.Specs;
using Grid.Learning.Pretraining;
using Grid.Learning.Training;
using Grid.Storage;

namespace Grid.Client.SweepReports;

/// <summary>Gathers a sweep's report inputs from the cluster (snapshot, spec, pretraining states) and the artifact store.</summary>
public static class SweepReportFetcher
{
    /// <summary>The sweep's plan as the experiment stored it, with its spec; throws <see cref="KeyNotFoundException"/> for an unknown experiment.</summary>
    public static async Task<(ExperimentSnapshot Snapshot, SweepPlan Plan)> SweepAsync(IClusterClient client, string id, CancellationToken cancellationToken)
    {
        var experiment = client.GetGrain<IExperimentGrain>(id);
        var snapshot = await experiment.GetSnapshotAsync(cancellationToken);
        var plan = new SweepPlan(SweepSpecParser.Parse(await experiment.GetSpecAsync(cancellationToken)), await experiment.GetPlanAsync(cancellationToken));
        return (snapshot, plan);
    }

    public static async Task<SweepReportInputs> FetchAsync(IClusterClient client, IBlobStore artifacts, ExperimentSnapshot snapshot, SweepPlan plan,
        int detailFold, CancellationToken cancellationToken)
    {
        var results = new Dictionary<string, FoldResult>();
        foreach (var fold in SweepReportInputs.FoldsToFetch(snapshot, plan, detailFold))
        {
            var blob = fold.ArtifactsBlob ?? ArtifactSerializer.ResultBlob(fold.Key);
            results[fold.Key] = await ArtifactStores.ReadAsync<FoldResult>(artifacts, blob, cancellationToken);
        }

        var pretraining = new Dictionary<string, PretrainResult>();
        foreach (var run in SweepReportNotes.PretrainingRuns(plan))
        {
            var status = await client.GetGrain<IPretrainingGrain>(run.Definition.Key).GetStatusAsync(cancellationToken);
            if (status.State == PretrainingState.Succeeded)
                pretraining[run.Definition.Key] = await ArtifactStores.ReadAsync<PretrainResult>(artifacts,
                    status.ArtifactsBlob ?? ArtifactSerializer.ResultBlob(run.Definition.Key), cancellationToken);
        }
        return new SweepReportInputs(snapshot, plan, results, pretraining, detailFold);
    }
}
