namespace Grid.Client.Reports;

/// <summary>Checks a <see cref="ReportData"/> before rendering, naming the trial, fold and field of any problem.</summary>
public static class ReportDataValidation
{
    public static void Check(ReportData data)
    {
        if (data.Classes.Count == 0)
            throw new ArgumentException("report data: Classes is empty", nameof(data));
        if (data.Trials.Count == 0)
            throw new ArgumentException("report data: Trials is empty", nameof(data));
        var duplicate = data.Trials.GroupBy(t => t.Name).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new ArgumentException($"report data: trial name {duplicate.Key} is used {duplicate.Count()} times", nameof(data));
        foreach (var trial in data.Trials)
            CheckTrial(data, trial);
        if (data.Trials.All(t => t.Folds.Count == 0))
            throw new ArgumentException("report data: no fold has finished yet (the trials have only running folds): nothing to report", nameof(data));
        foreach (var curve in data.Pretraining)
            if (curve.Loss.Count == 0 || curve.Loss.Any(v => !double.IsFinite(v)))
                throw new ArgumentException($"report data: pretraining curve {curve.Label} is empty or has a non-finite loss", nameof(data));
    }

    private static void CheckTrial(ReportData data, TrialData trial)
    {
        var where = $"report data: trial {trial.Name}";
        if (trial.Folds.Count == 0 && trial.RunningFolds.Count == 0)
            throw new ArgumentException($"{where} has no folds", nameof(data));
        CheckCurves(data, $"{where}, fold", trial.Folds);
        CheckCurves(data, $"{where}, running fold", trial.RunningFolds);
        if (trial.Folds.Select(f => f.Fold).Distinct().Count() != trial.Folds.Count)
            throw new ArgumentException($"{where}: a fold number appears twice", nameof(data));
        if (trial.RunningFolds.Select(f => f.Fold).Distinct().Count() != trial.RunningFolds.Count)
            throw new ArgumentException($"{where}: a running fold number appears twice", nameof(data));
        var both = trial.Folds.Select(f => f.Fold).Intersect(trial.RunningFolds.Select(f => f.Fold)).Order().ToList();
        if (both.Count > 0)
            throw new ArgumentException($"{where}: fold {string.Join(", ", both)} is both finished (Folds) and running (RunningFolds)", nameof(data));
        var stopped = trial.StoppedFolds.Intersect(trial.Folds.Select(f => f.Fold).Concat(trial.RunningFolds.Select(f => f.Fold))).Order().ToList();
        if (stopped.Count > 0)
            throw new ArgumentException($"{where}: fold {string.Join(", ", stopped)} is both stopped (StoppedFolds) and finished or running", nameof(data));
        // A trial with only running folds has no best epoch yet, so no test accuracy either.
        if (data.Evaluation == EvaluationScheme.FixedSplit && trial.Folds.Count > 0 && trial.TestAccuracy is not (>= 0 and <= 1))
            throw new ArgumentException($"{where}: a fixed split needs TestAccuracy in [0, 1]", nameof(data));
        if (trial.Detail is { } detail)
            CheckDetail(data, where, detail);
    }

    /// <summary>Every curve has an epoch and only fractions in [0, 1]; <paramref name="where"/> names the trial and the list.</summary>
    private static void CheckCurves(ReportData data, string where, IReadOnlyList<FoldCurve> folds)
    {
        foreach (var fold in folds)
        {
            if (fold.ValidationAccuracy.Count == 0)
                throw new ArgumentException($"{where} {fold.Fold}: ValidationAccuracy is empty", nameof(data));
            var bad = fold.ValidationAccuracy.Select((v, e) => (v, e)).FirstOrDefault(x => !(x.v >= 0 && x.v <= 1), (-1, -1));
            if (bad.e >= 0)
                throw new ArgumentException($"{where} {fold.Fold}, epoch {bad.e + 1}: accuracy {bad.v} is not a fraction in [0, 1]", nameof(data));
        }
    }

    private static void CheckDetail(ReportData data, string where, FoldPredictionSet detail)
    {
        if (detail.Labels.Count != detail.Predicted.Count)
            throw new ArgumentException($"{where}, fold {detail.Fold}: {detail.Labels.Count} labels but {detail.Predicted.Count} predictions", nameof(data));
        var outOfRange = detail.Labels.Concat(detail.Predicted).Where(l => l < 0 || l >= data.Classes.Count).Select(l => (int?)l).FirstOrDefault();
        if (outOfRange is { } label)
            throw new ArgumentException($"{where}, fold {detail.Fold}: label {label} is outside the {data.Classes.Count} classes", nameof(data));
        if (detail.Embeddings is { } embeddings && embeddings.Count != detail.Labels.Count)
            throw new ArgumentException($"{where}, fold {detail.Fold}: {embeddings.Count} embeddings for {detail.Labels.Count} clips", nameof(data));
    }
}
