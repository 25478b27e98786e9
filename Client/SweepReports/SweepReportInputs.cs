using Grid.Grains;
using Grid.Grains.Specs;
using Grid.Learning.Pretraining;
using Grid.Learning.Training;

namespace Grid.Client.SweepReports;

/// <summary>
/// What a sweep's report is made of, as fetched from the grid: the experiment's snapshot, its plan (the launched
/// spec expanded again), the stored results of the folds the report needs, and the finished pretraining runs.
/// </summary>
/// <param name="FoldResults">Stored <see cref="FoldResult"/>s by fold key (<c>{experiment}/{trial}/{fold}</c>).</param>
/// <param name="Pretraining">Finished pretraining runs by pretraining key; runs missing here have not finished.</param>
/// <param name="DetailFold">The held-out fold whose predictions and embeddings the report shows.</param>
public sealed record SweepReportInputs(
    ExperimentSnapshot Snapshot,
    SweepPlan Plan,
    IReadOnlyDictionary<string, FoldResult> FoldResults,
    IReadOnlyDictionary<string, PretrainResult> Pretraining,
    int DetailFold)
{
    /// <summary>A fold still training that has finished an epoch: the report draws it as a partial curve, outside every aggregate.</summary>
    public static bool IsPartial(FoldStatus fold) => fold.State == FoldState.Running && fold.EpochAccuracies.Count > 0;

    /// <summary>
    /// The folds whose stored results the report reads: every succeeded fold of a kNN trial (for K) and each trial's
    /// detail fold; when none of those has finished yet, the first succeeded fold, whose result names the classes.
    /// </summary>
    public static IReadOnlyList<FoldStatus> FoldsToFetch(ExperimentSnapshot snapshot, SweepPlan plan, int detailFold)
    {
        var succeeded = snapshot.Trials.SelectMany(trial => trial.Folds
            .Where(fold => fold.State == FoldState.Succeeded)
            .Select(fold => (Fold: fold, Knn: TrialMethods.IsKnn(plan.Trials[trial.Index]))))
            .ToList();
        var needed = succeeded.Where(f => f.Fold.Fold == detailFold || f.Knn).Select(f => f.Fold).ToList();
        return needed.Count > 0 || succeeded.Count == 0 ? needed : [succeeded[0].Fold];
    }
}
