using Grid.Client.Reports;
using Grid.Grains;
using Grid.Learning.Training;

namespace Grid.Client.SweepReports;

/// <summary>
/// Turns a sweep's fetched results into <see cref="ReportData"/>: one report trial per sweep trial that has a
/// succeeded fold or a running fold with a finished epoch, with the fold grains' per-epoch validation accuracies
/// (succeeded folds: the numbers the grid aggregates; running folds: partial curves, never aggregated), the
/// detail fold's stored predictions and embeddings, the K kNN chose, the test accuracy of a fixed split, and notes
/// on unfinished work and on pretraining that saw held-out clips.
/// </summary>
public static class SweepReportMapper
{
    public static ReportData Map(SweepReportInputs inputs)
    {
        var (snapshot, plan) = (inputs.Snapshot, inputs.Plan);
        var classes = inputs.FoldResults.Values.Select(r => r.Classes).FirstOrDefault()
            ?? throw new InvalidOperationException($"no fold of {snapshot.Id} has finished yet: nothing to report");
        var showWidth = plan.Trials.Select(t => TrialMethods.Request(t).Model.Width).Distinct().Count() > 1;
        var trials = snapshot.Trials
            .Where(trial => trial.Folds.Any(f => f.State == FoldState.Succeeded || SweepReportInputs.IsPartial(f)))
            .Select(trial => Trial(inputs, trial, showWidth))
            .ToList();
        return new ReportData
        {
            ExperimentName = $"Sweep {snapshot.Name} ({snapshot.Id})",
            Dataset = DatasetName(plan.Spec.Dataset.Layout),
            Evaluation = IsFixedSplit(snapshot) ? Reports.EvaluationScheme.FixedSplit : Reports.EvaluationScheme.CrossValidation,
            Classes = classes,
            Trials = trials,
            Pretraining = PretrainingCurves(inputs),
            DetailFold = inputs.DetailFold,
            Seed = plan.Spec.Seed,
            Notes = [.. SweepReportNotes.Progress(snapshot), .. SweepReportNotes.Pretraining(inputs), .. SweepReportNotes.DataWait(inputs)],
        };
    }

    /// <summary>The report's trial name for a sweep trial: "t" and its index, as the leaderboard numbers them.</summary>
    public static string TrialName(int index) => $"t{index}";

    private static TrialData Trial(SweepReportInputs inputs, Grains.TrialSummary summary, bool showWidth)
    {
        var definition = inputs.Plan.Trials[summary.Index];
        var request = TrialMethods.Request(definition);
        var pretraining = TrialMethods.Pretraining(definition.Folds[0].Pretraining);
        var succeeded = summary.Folds.Where(f => f.State == FoldState.Succeeded).OrderBy(f => f.Fold).ToList();
        return new TrialData
        {
            Name = TrialName(summary.Index),
            Initialisation = pretraining is null && TrialMethods.UsesPretraining(request.Protocol)
                ? CheckpointMethod(inputs, succeeded) ?? TrialMethods.Initialisation(request.Protocol, null)
                : TrialMethods.Initialisation(request.Protocol, pretraining?.Method),
            Protocol = TrialMethods.ProtocolName(request.Protocol),
            Group = TrialMethods.Group(request.Model, showWidth),
            Parameters = summary.Parameters,
            Folds = succeeded.Select(f => new FoldCurve(f.Fold, f.EpochAccuracies)).ToList(),
            RunningFolds = summary.Folds.Where(SweepReportInputs.IsPartial).OrderBy(f => f.Fold).Select(f => new FoldCurve(f.Fold, f.EpochAccuracies)).ToList(),
            StoppedFolds = summary.Folds.Where(f => f.IsStopped).Select(f => f.Fold).Order().ToList(),
            ChosenK = request.Protocol == Protocol.Knn ? ChosenK(inputs, succeeded) : null,
            TestAccuracy = summary.Aggregate.TestAccuracyAtBest,
            Detail = Detail(inputs, succeeded),
        };
    }

    /// <summary>
    /// An <c>initPath</c> checkpoint's method ("MoCo", "NPID") as its fold jobs recorded it, so that trials starting from
    /// MoCo and from NPID checkpoints never share a column; null when no fetched fold result names one.
    /// </summary>
    private static string? CheckpointMethod(SweepReportInputs inputs, IEnumerable<FoldStatus> folds) =>
        folds.Select(f => inputs.FoldResults.GetValueOrDefault(f.Key)?.Initialisation)
            .Select(label => label is null ? null
                : label.StartsWith("MoCo", StringComparison.Ordinal) ? "MoCo"
                : label.StartsWith("NPID", StringComparison.Ordinal) ? "NPID"
                : null)
            .FirstOrDefault(method => method is not null);

    /// <summary>
    /// A fixed split (GTZAN): every trial with a succeeded fold has the test accuracy at its best validation epoch, the
    /// number `sweep results` shows; the report then leads with it, as the thesis does.
    /// </summary>
    private static bool IsFixedSplit(ExperimentSnapshot snapshot)
    {
        var finished = snapshot.Trials.Where(t => t.Aggregate.FoldsCovered > 0).ToList();
        return finished.Count > 0 && finished.All(t => t.Aggregate.TestAccuracyAtBest is not null);
    }

    /// <summary>The K most folds chose (the smaller on ties).</summary>
    private static int? ChosenK(SweepReportInputs inputs, IEnumerable<FoldStatus> folds) =>
        folds.Select(f => inputs.FoldResults.GetValueOrDefault(f.Key)?.ChosenK)
            .OfType<int>()
            .GroupBy(k => k)
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Key)
            .Select(g => (int?)g.Key)
            .FirstOrDefault();

    private static FoldPredictionSet? Detail(SweepReportInputs inputs, IEnumerable<FoldStatus> folds)
    {
        var fold = folds.FirstOrDefault(f => f.Fold == inputs.DetailFold);
        if (fold is null || !inputs.FoldResults.TryGetValue(fold.Key, out var result)) return null;
        var predictions = result.BestPredictions;
        // A diverged model's non-finite embeddings have no t-SNE map (and no JSON numbers): the detail goes without one.
        var embeddings = predictions.Embeddings.Length == predictions.Labels.Length
                         && predictions.Embeddings.All(e => e.Length > 0 && e.All(float.IsFinite))
            ? predictions.Embeddings
            : null;
        return new FoldPredictionSet(fold.Fold, predictions.Labels, predictions.Predicted, embeddings);
    }

    private static List<PretrainingCurve> PretrainingCurves(SweepReportInputs inputs) =>
        SweepReportNotes.PretrainingRuns(inputs.Plan)
            .Where(run => inputs.Pretraining.ContainsKey(run.Definition.Key))
            .Select(run => new PretrainingCurve(
                $"{TrialMethods.PretrainingLabel(run.Request)}: {string.Join(", ", run.Trials.Select(TrialName))}",
                TrialMethods.MethodName(run.Request.Method),
                inputs.Pretraining[run.Definition.Key].EpochLosses))
            .ToList();

    private static string DatasetName(string layout) => layout switch
    {
        "us8k" => "UrbanSound8K",
        "esc50" => "ESC-50",
        "gtzan" => "GTZAN",
        "dcase2013" => "DCASE 2013",
        _ => layout,
    };
}
