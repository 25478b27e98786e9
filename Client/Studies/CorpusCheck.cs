using Grid.Client.SweepReports;
using Grid.Grains.Specs;
using Grid.Learning.Data;

namespace Grid.Client.Studies;

/// <summary>
/// Refuses, before anything starts, a plan whose pretraining corpus (<c>pretraining.dataset</c>) is a folder that is
/// missing, unreadable or not in its layout. A <c>blob:NAME</c> corpus is checked by the silo that downloads it.
/// </summary>
public static class CorpusCheck
{
    public static void Check(SweepPlan plan)
    {
        var corpora = plan.Trials
            .Select(t => t.Folds[0].Pretraining)
            .Where(p => p is not null && p.DatasetLocation != plan.Spec.Dataset.Location)
            .Select(p => (p!.DatasetLocation, Layout: TrialMethods.Pretraining(p)!.Layout))
            .Distinct();
        foreach (var (location, layout) in corpora)
        {
            if (location.StartsWith("blob:", StringComparison.Ordinal)) continue;
            if (!Directory.Exists(location))
                throw new SpecException("pretraining.dataset.location", $"folder {location} does not exist");
            try
            {
                var index = DatasetLayouts.Read(layout, location);
                if (index.Clips.Count < 2)
                    throw new SpecException("pretraining.dataset", $"{location} holds {index.Clips.Count} clips; pretraining needs at least two");
            }
            catch (Exception error) when (error is DatasetFormatException or IOException or UnauthorizedAccessException)
            {
                throw new SpecException("pretraining.dataset", $"{location} is not a readable {layout} dataset: {error.Message}");
            }
        }
    }
}
