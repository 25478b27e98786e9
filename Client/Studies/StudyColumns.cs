using Grid.Client.SweepReports;
using Grid.Grains;
using Grid.Grains.Specs;
using Grid.Learning.Pretraining;
using Grid.Learning.Training;

namespace Grid.Client.Studies;

/// <summary>
/// The thesis's table columns (MoCo FT / Freeze / KNN, NPID FT / Freeze / KNN, ImageNet FT, Scratch) and which of a
/// sweep's trials fill each: one column per method × protocol, never two methods in one cell.
/// </summary>
public static class StudyColumns
{
    /// <summary>The column of a planned trial, from its protocol and its pretraining's method.</summary>
    public static string Of(TrialDefinition trial)
    {
        var protocol = TrialMethods.Request(trial).Protocol;
        var method = TrialMethods.Pretraining(trial.Folds[0].Pretraining)?.Method;
        return protocol switch
        {
            Protocol.Scratch => "Scratch",
            Protocol.Pretrained => "ImageNet FT",
            _ => $"{(method switch { PretrainMethod.Moco => "MoCo", PretrainMethod.Npid => "NPID", _ => "Checkpoint" })} {Suffix(protocol)}",
        };
    }

    /// <summary>One cell of a dataset's row: the best trial of the column (by validation accuracy), or null when none ran.</summary>
    public static StudyCell? Cell(string column, SweepPlan plan, ExperimentSnapshot snapshot, bool fixedSplit)
    {
        var candidates = plan.Trials.Where(t => Of(t) == column)
            .Select(t => snapshot.Trials.FirstOrDefault(s => s.Index == t.Index))
            .Where(s => s is { Aggregate.FoldsCovered: > 0 })
            .Select(s => s!)
            .ToList();
        if (candidates.Count == 0) return null;
        var best = TrialRanking.Order(candidates)[0];
        var aggregate = best.Aggregate;
        var accuracy = fixedSplit ? aggregate.TestAccuracyAtBest ?? double.NaN : aggregate.BestAverageAccuracy;
        var std = fixedSplit ? aggregate.TestStdAtBest ?? 0 : aggregate.BestAverageStd;
        return new StudyCell(accuracy, std, aggregate.BestEpoch, aggregate.FoldsCovered, best.FoldsTotal, candidates.Count, best.Index);
    }

    private static string Suffix(Protocol protocol) => protocol switch
    {
        Protocol.Freeze => "Freeze",
        Protocol.Knn => "KNN",
        _ => "FT",
    };
}

/// <summary>A column's result on one dataset: accuracy (0–1) ± std over the folds it covers, at the best epoch.</summary>
public sealed record StudyCell(double Accuracy, double Std, int BestEpoch, int FoldsCovered, int FoldsTotal, int Candidates, int TrialIndex);
