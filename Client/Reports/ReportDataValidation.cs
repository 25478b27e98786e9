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
        foreach (var curve in data.Pretraining)
            if (curve.Loss.Count == 0 || curve.Loss.Any(v => !double.IsFinite(v)))
                throw new ArgumentException($"report data: pretraining curve {curve.Label} is empty or has a non-finite loss", nameof(data));
    }

    private static void CheckTrial(ReportData data, TrialData trial)
    {
        var where = $"report data: trial {trial.Name}";
        if (trial.Folds.Count == 0)
            throw new ArgumentException($"{where} has no folds", nameof(data));
        foreach (var fold in trial.Folds)
        {
            if (fold.ValidationAccuracy.Count == 0)
                throw new ArgumentException($"{where}, fold {fold.Fold}: ValidationAccuracy is empty", nameof(data));
            var bad = fold.ValidationAccuracy.Select((v, e) => (v, e)).FirstOrDefault(x => !(x.v >= 0 && x.v <= 1), (-1, -1));
            if (bad.e >= 0)
                throw new ArgumentException($"{where}, fold {fold.Fold}, epoch {bad.e + 1}: accuracy {bad.v} is not a fraction in [0, 1]", nameof(data));
        }
        if (trial.Folds.Select(f => f.Fold).Distinct().Count() != trial.Folds.Count)
            throw new ArgumentException($"{where}: a fold number appears twice", nameof(data));
        if (data.Evaluation == Evaluation.FixedSplit && trial.TestAccuracy is not (>= 0 and <= 1))
            throw new ArgumentException($"{where}: a fixed split needs TestAccuracy in [0, 1]", nameof(data));
        if (trial.Detail is { } detail)
            CheckDetail(data, where, detail);
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
