using Grid.Client.Studies;
using Grid.Grains;
using Grid.Grains.Specs;
using Xunit;

namespace Grid.Tests.Studies;

/// <summary>The thesis-shaped table: one column per method × protocol, the thesis's row and the difference.</summary>
[Trait("Category", "Unit")]
public sealed class StudyTablesTests
{
    private static StudyDatasetResult Result(string layout, params (int Trial, double Best, double Std)[] finished)
    {
        var json = File.ReadAllText(Path.Combine(Infrastructure.RepositoryRoot.Path, "specs", "lin2022", "mini.json"));
        var experiment = StudyPlanner.Plan("s", json).Single(e => e.Layout == layout);
        var plan = SweepPlanner.Plan(experiment.ExperimentId, experiment.SpecJson);
        var trials = plan.Trials.Select(t =>
        {
            var done = finished.FirstOrDefault(f => f.Trial == t.Index);
            var covered = finished.Any(f => f.Trial == t.Index) ? t.Folds.Count : 0;
            var aggregate = TrialAggregate.Empty with { BestAverageAccuracy = done.Best, BestAverageStd = done.Std, BestEpoch = 1, FoldsCovered = covered };
            return new TrialSummary($"s/{t.Index}", t.Index, t.Parameters, t.Folds.Count, covered, 0, 0, aggregate, [], 1);
        }).ToArray();
        var snapshot = new ExperimentSnapshot(experiment.ExperimentId, "mini", ExperimentState.Running, DateTimeOffset.UnixEpoch, trials, 7, 3);
        return new StudyDatasetResult(layout, experiment.ExperimentId, plan, snapshot);
    }

    [Fact]
    public void EachTrialFillsItsOwnMethodAndProtocolColumnBesideTheThesisRow()
    {
        var reference = ThesisReference.Load();
        // mini.json lists MoCo FT, Freeze, KNN, NPID FT, Freeze, KNN, then scratch; no ImageNet weights.
        var rows = StudyTables.Rows(Result("esc50", (0, 0.80, 0.02), (5, 0.40, 0.01), (6, 0.30, 0.05)), reference);

        Assert.Equal(["", "MoCo FT", "MoCo Freeze", "MoCo KNN", "NPID FT", "NPID Freeze", "NPID KNN", "ImageNet FT", "Scratch"], StudyTables.Header(reference));
        Assert.Equal(["grid", "80.0 ± 2.0", "–", "–", "–", "–", "40.0 ± 1.0", "–", "30.0 ± 5.0"], rows[0]);
        Assert.Equal(["thesis (table 3.1)", "74.2", "59.5", "46.8", "64.2", "49.3", "36.9", "69.6", "42.3"], rows[1]);
        Assert.Equal(["difference (points)", "+5.8", "–", "–", "–", "–", "+3.1", "–", "-12.3"], rows[2]);
    }

    [Fact]
    public void TheReferenceFileHoldsTheFourTablesOfTheThesis()
    {
        var reference = ThesisReference.Load();
        Assert.Equal(["3.1", "3.2", "3.4", "3.5"], new[] { "esc50", "us8k", "dcase2013", "gtzan" }.Select(d => reference.Datasets[d].Table));
        Assert.All(reference.Datasets.Values, table => Assert.Equal(reference.Columns.Order(), table.Accuracy.Keys.Order()));
        Assert.Equal(0.830, reference.Datasets["dcase2013"].Accuracy["MoCo KNN"]);
        Assert.Equal(18, reference.Datasets["dcase2013"].KnnK);
    }

    [Fact]
    public void AStudyCorpusOfItsOwnIsReportedDisjoint()
    {
        var note = StudyReport.CorpusNote(Result("us8k").Plan);
        Assert.Contains("Pretraining corpus: fsd50k", note);
        Assert.Contains("disjoint", note);
    }
}
